package dev.recomp.validation;

/** How much a check's failure weighs in the verdict. */
public enum Severity {
  /** A failure makes the verdict {@code fail}. */
  ERROR,
  /** A failure makes the verdict {@code needs_review} unless an error check also failed. */
  WARNING;

  /** The name used in reports. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
