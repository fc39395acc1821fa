package dev.recomp.validation;

/**
 * One validation rule: an identity, a one-line summary, a severity, and one narrow method that
 * measures a {@link Comparison} against its gate.
 */
public interface Check {
  /** A stable kebab-case id, used in reports and in {@code disabled_checks}. */
  String id();

  /** What the check verifies, in one line. */
  String summary();

  /** How a failure weighs in the verdict. */
  Severity severity();

  /**
   * How measured and threshold compare when the check passes: {@code ==}, {@code >=}, {@code <=}.
   */
  String comparison();

  /** The unit of the measured value ("bytes", "ratio", "dB", "frames"), or "" for none. */
  String unit();

  /** Measures {@code comparison}; never throws on well-formed captures. */
  Outcome evaluate(Comparison comparison);
}
