package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.AutomationException;
import dev.recomp.core.RedactionProfile;
import dev.recomp.core.StageName;
import dev.recomp.manifest.ExecutionMode;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy decisions as data, shipped from the repository's {@code policy/} folder: which
 * redaction profiles exist, each track's default, and per execution mode the stages that need an
 * approval. Every file is checked against its schema when first read.
 */
public final class PolicyTable {
  static final Schema TABLE_SCHEMA = Schema.named("policy-table.schema.json");
  static final Schema PROFILE_SCHEMA = Schema.named("redaction-profile.schema.json");
  private static final String RESOURCES = "/dev/recomp/core/policy/";

  /** {@code policy/policy.json}. */
  record Table(
      int schemaVersion,
      List<String> redactionProfiles,
      Map<String, String> defaultRedactionProfile,
      Map<String, Gates> approvalGates) {}

  /**
   * One execution mode's gates.
   *
   * @param enforced whether a gated stage without approval is refused
   */
  record Gates(boolean enforced, List<Gate> stages) {}

  /** A gated stage and why it is gated. */
  record Gate(String stage, String reason) {}

  /** Read on first use, so a damaged distribution fails with a message, not a class-init error. */
  private static volatile Table table;

  private static final Map<String, RedactionProfile> PROFILES = new ConcurrentHashMap<>();

  private PolicyTable() {}

  /** The names of the profiles recomp ships, in the table's order. */
  public static List<String> profileNames() {
    return table().redactionProfiles();
  }

  /** The profile a run on {@code track} uses when its config names none. */
  public static String defaultProfile(AutomationConfig.Track track) {
    return table().defaultRedactionProfile().get(wire(track));
  }

  /** The profile {@code name}; an unknown name is a one-line error listing the known ones. */
  public static RedactionProfile profile(String name) {
    if (!table().redactionProfiles().contains(name)) {
      throw new AutomationException(
          "unknown redaction profile \""
              + name
              + "\" (known: "
              + String.join(", ", table().redactionProfiles())
              + ")");
    }
    return PROFILES.computeIfAbsent(
        name,
        n -> {
          RedactionProfile p =
              load("redaction/" + n + ".json", PROFILE_SCHEMA, RedactionProfile.class);
          if (!p.name().equals(n)) {
            throw new AutomationException(
                RESOURCES + "redaction/" + n + ".json: name is \"" + p.name() + "\"");
          }
          return p;
        });
  }

  /** Whether {@code mode} refuses a gated stage that has no approval. */
  static boolean enforced(ExecutionMode mode) {
    return gates(mode).enforced();
  }

  /** The gated stages of {@code mode}, in lifecycle order. */
  static List<StageName> gatedStages(ExecutionMode mode) {
    return gates(mode).stages().stream().map(g -> StageName.parse(g.stage())).sorted().toList();
  }

  /** Why {@code stage} is gated in {@code mode}, or empty when it is not. */
  static Optional<String> gateReason(ExecutionMode mode, StageName stage) {
    return gates(mode).stages().stream()
        .filter(g -> g.stage().equals(stage.wire()))
        .map(Gate::reason)
        .findFirst();
  }

  private static Table table() {
    Table t = table;
    if (t == null) {
      t = load("policy.json", TABLE_SCHEMA, Table.class);
      table = t;
    }
    return t;
  }

  private static Gates gates(ExecutionMode mode) {
    return table().approvalGates().get(mode.name().toLowerCase(Locale.ROOT));
  }

  private static String wire(AutomationConfig.Track track) {
    return switch (track) {
      case HOMEBREW -> "homebrew";
      case RETAIL_PILOT -> "retail-pilot";
    };
  }

  private static <T> T load(String name, Schema schema, Class<T> type) {
    String source = RESOURCES + name;
    try (InputStream in = PolicyTable.class.getResourceAsStream(source)) {
      if (in == null) {
        throw new AutomationException(source + ": missing from the recomp distribution");
      }
      var tree = Json.parse(in.readAllBytes(), source);
      schema.check(tree, source);
      return Json.bind(tree, type, source);
    } catch (IOException e) {
      throw new AutomationException(source + ": cannot read: " + e.getMessage(), e);
    } catch (ManifestException e) {
      throw new AutomationException(e.getMessage(), e);
    }
  }
}
