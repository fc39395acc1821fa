package dev.recomp.validation;

/** Where a failure most likely comes from: the triage category of a failed check. */
public enum Category {
  /** The decoder: an undefined or unimplemented encoding. */
  DECODE("decode"),
  /** Instruction semantics: the program computed something else. */
  SEMANTICS("semantics"),
  /** The OS personality: a syscall or SVC behaved differently. */
  SYSCALL("syscall"),
  /** Function discovery or the indirect-branch dispatch table. */
  DISCOVERY_DISPATCH("discovery/dispatch"),
  /** Pacing: drift, dropped frames, a timeout. */
  TIMING("timing"),
  /** The capture itself: missing streams, mismatched formats, unreadable data. */
  CAPTURE("capture");

  private final String id;

  Category(String id) {
    this.id = id;
  }

  /** The name used in reports. */
  public String id() {
    return id;
  }
}
