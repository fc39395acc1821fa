package dev.recomp.validation;

/** What one check found: not applicable, a pass, or a finding. */
public sealed interface Outcome {
  /**
   * The check does not apply (neither side drew frames, the reference has no trace).
   *
   * @param reason why, in a few words
   */
  record Skipped(String reason) implements Outcome {}

  /**
   * The measured value is within the threshold.
   *
   * @param measured what the capture measured
   * @param threshold the gate it was held to
   * @param detail a short human-readable note
   */
  record Passed(Value measured, Value threshold, String detail) implements Outcome {}

  /**
   * A finding: the measured value misses the threshold.
   *
   * @param measured what the capture measured
   * @param threshold the gate it was held to
   * @param detail a short human-readable note
   * @param category the triage category the check itself suggests (triage may refine it)
   * @param evidence where and how the capture diverged
   */
  record Failed(
      Value measured, Value threshold, String detail, Category category, Evidence evidence)
      implements Outcome {}
}
