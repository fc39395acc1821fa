package dev.recomp.core.internal;

import dev.recomp.core.AutomateOptions;
import dev.recomp.core.AutomationException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.PolicyRecord;
import dev.recomp.manifest.Schema;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The approvals a run was given: {@code --approve STAGE} flags and the entries of an approvals file
 * ({@code approvals.schema.json}) that name this run's binary. A file entry wins over a flag for
 * the same stage, because it says who approved and why.
 */
final class Approvals {
  static final Schema SCHEMA = Schema.named("approvals.schema.json");

  /** {@code approvals.schema.json}. */
  record ApprovalsFile(int schemaVersion, List<Entry> approvals) {}

  /** One entry of the file. */
  record Entry(String stage, String binarySha256, String approvedBy, String reason) {}

  private Approvals() {}

  /** The approvals by stage; a bad approvals file is a one-line error naming it. */
  static Map<StageName, PolicyRecord.Approval> of(AutomateOptions options, String binarySha256) {
    Map<StageName, PolicyRecord.Approval> given = new EnumMap<>(StageName.class);
    for (StageName stage : options.approve()) {
      given.put(
          stage, new PolicyRecord.Approval(stage.wire(), PolicyRecord.Source.FLAG, null, null));
    }
    if (options.approvals() != null) {
      ApprovalsFile file;
      try {
        file = Json.read(options.approvals(), ApprovalsFile.class, SCHEMA);
      } catch (ManifestException e) {
        throw new AutomationException(e.getMessage().lines().findFirst().orElse(""), e);
      }
      for (Entry entry : file.approvals()) {
        if (entry.binarySha256().equals(binarySha256)) {
          given.put(
              StageName.parse(entry.stage()),
              new PolicyRecord.Approval(
                  entry.stage(), PolicyRecord.Source.FILE, entry.approvedBy(), entry.reason()));
        }
      }
    }
    return given;
  }
}
