package dev.recomp.validation;

/** The overall result of a validation. */
public enum Verdict {
  /** Every check that applies passed. */
  PASS("pass"),
  /** At least one error-severity check failed. */
  FAIL("fail"),
  /** Only warning-severity checks failed: a person should look. */
  NEEDS_REVIEW("needs_review");

  private final String id;

  Verdict(String id) {
    this.id = id;
  }

  /** The name used in reports. */
  public String id() {
    return id;
  }

  /** The verdict named {@code id}, or {@code null}. */
  public static Verdict byId(String id) {
    for (Verdict v : values()) {
      if (v.id.equals(id)) {
        return v;
      }
    }
    return null;
  }
}
