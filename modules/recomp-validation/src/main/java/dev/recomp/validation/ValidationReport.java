package dev.recomp.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.validation.internal.Json;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one validation: every check's measured value against its threshold, and a verdict.
 * Contains nothing volatile: the same captures and gates give a byte-identical report.
 *
 * @param actualDigest {@link Capture#digest()} of the capture under test
 * @param referenceDigest {@link Capture#digest()} of the reference
 * @param gates the thresholds applied
 * @param checks one result per check, in registry order
 */
public record ValidationReport(
    String actualDigest, String referenceDigest, Gates gates, List<CheckResult> checks) {

  /** The report file name. */
  public static final String FILE_NAME = "validation-report.json";

  /** The report schema version. */
  public static final int SCHEMA_VERSION = 1;

  /** Copies the list. */
  public ValidationReport {
    checks = List.copyOf(checks);
  }

  /**
   * {@code fail} if an error check failed, else {@code needs_review} if a warning did, else pass.
   */
  public Verdict verdict() {
    boolean warning = false;
    for (CheckResult r : checks) {
      if (r.outcome() instanceof Outcome.Failed) {
        if (r.severity() == Severity.ERROR) {
          return Verdict.FAIL;
        }
        warning = true;
      }
    }
    return warning ? Verdict.NEEDS_REVIEW : Verdict.PASS;
  }

  /** Failed checks per triage category, in category order. */
  public Map<Category, Integer> triageCounts() {
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    for (CheckResult r : checks) {
      if (r.triage() != null) {
        counts.merge(r.triage().category(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** The first divergent guest PC any failed check's evidence names, or {@code null}. */
  public Long firstDivergentPc() {
    return checks.stream()
        .filter(r -> r.triage() != null && r.triage().evidence().pc() != null)
        .map(r -> r.triage().evidence().pc())
        .findFirst()
        .orElse(null);
  }

  /** Checks with the given status ({@code pass}, {@code fail}, {@code skipped}). */
  public long count(String status) {
    return checks.stream().filter(r -> r.status().equals(status)).count();
  }

  /** The report as JSON, in the layout of {@code schemas/validation-report.schema.json}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("schema_version", SCHEMA_VERSION);
    o.put("verdict", verdict().id());
    ObjectNode subjects = o.putObject("subjects");
    subjects.put("actual_digest", actualDigest);
    subjects.put("reference_digest", referenceDigest);
    ObjectNode counts = o.putObject("counts");
    for (String s : List.of("pass", "fail", "skipped")) {
      counts.put(s, count(s));
    }
    ObjectNode triage = o.putObject("triage");
    triageCounts().forEach((c, n) -> triage.put(c.id(), n));
    Long pc = firstDivergentPc();
    if (pc == null) {
      o.putNull("first_divergent_pc");
    } else {
      o.put("first_divergent_pc", hex(pc));
    }
    o.set("gates", gates.toJson());
    ArrayNode array = o.putArray("checks");
    for (CheckResult r : checks) {
      array.add(checkJson(r));
    }
    return o;
  }

  /** The report as JSON bytes. */
  public byte[] toJsonBytes() {
    return Json.bytes(toJson());
  }

  private static ObjectNode checkJson(CheckResult r) {
    ObjectNode c = Json.object();
    c.put("id", r.id());
    c.put("summary", r.summary());
    c.put("severity", r.severity().id());
    c.put("status", r.status());
    switch (r.outcome()) {
      case Outcome.Skipped s -> c.put("detail", s.reason());
      case Outcome.Passed p -> {
        putValue(c, "measured", p.measured());
        putValue(c, "threshold", p.threshold());
        c.put("comparison", r.comparison());
        c.put("unit", r.unit());
        c.put("detail", p.detail());
      }
      case Outcome.Failed f -> {
        putValue(c, "measured", f.measured());
        putValue(c, "threshold", f.threshold());
        c.put("comparison", r.comparison());
        c.put("unit", r.unit());
        c.put("detail", f.detail());
        ObjectNode t = c.putObject("triage");
        t.put("category", r.triage().category().id());
        t.put("reason", r.triage().reason());
        Evidence e = r.triage().evidence();
        ObjectNode ev = t.putObject("evidence");
        ev.put("where", e.where());
        ev.put("expected", e.expected());
        ev.put("actual", e.actual());
        if (e.pc() == null) {
          ev.putNull("pc");
        } else {
          ev.put("pc", hex(e.pc()));
        }
      }
    }
    return c;
  }

  private static void putValue(ObjectNode o, String key, Value v) {
    switch (v) {
      case Value.Int i -> o.put(key, i.value());
      case Value.Real d -> o.put(key, d.value());
      case Value.Text t -> o.put(key, t.value());
    }
  }

  /** {@code pc} as {@code 0x}-prefixed lowercase hex. */
  public static String hex(long pc) {
    return "0x" + Long.toHexString(pc);
  }
}
