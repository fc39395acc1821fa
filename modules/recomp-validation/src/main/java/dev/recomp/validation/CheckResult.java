package dev.recomp.validation;

/**
 * One check's entry in a report.
 *
 * @param id the check's id
 * @param summary what it verifies
 * @param severity how a failure weighs
 * @param comparison how measured and threshold compare when it passes
 * @param unit the unit of measured and threshold
 * @param outcome what it found
 * @param triage for a failure, its category and evidence; {@code null} otherwise
 */
public record CheckResult(
    String id,
    String summary,
    Severity severity,
    String comparison,
    String unit,
    Outcome outcome,
    Triage triage) {

  /** {@code pass}, {@code fail} or {@code skipped}. */
  public String status() {
    return switch (outcome) {
      case Outcome.Passed p -> "pass";
      case Outcome.Failed f -> "fail";
      case Outcome.Skipped s -> "skipped";
    };
  }
}
