package dev.recomp.validation;

/**
 * A fault the recompiled program's runtime reported during the capture: a trap on an undecodable or
 * unimplemented instruction, a dispatch miss, a guest memory fault. Faults steer triage.
 *
 * @param kind what happened; see {@link Kind}
 * @param pc the guest PC where it happened
 * @param detail the runtime's one-line description (encoding, target address)
 */
public record Fault(Kind kind, long pc, String detail) {
  /** Fault kinds, each named as in {@code capture.json}. */
  public enum Kind {
    /** An encoding the decoder does not know. */
    UNDEFINED_INSTRUCTION("undefined_instruction", Category.DECODE),
    /** A decoded instruction with no lifted semantics; the interpreter fallback ran. */
    UNSUPPORTED_INSTRUCTION("unsupported_instruction", Category.DECODE),
    /** An indirect branch reached a target the static analysis did not discover. */
    DISPATCH_MISS("dispatch_miss", Category.DISCOVERY_DISPATCH),
    /** A guest load or store outside mapped memory or against page permissions. */
    MEMORY_FAULT("memory_fault", Category.SEMANTICS),
    /** A syscall or SVC the runtime does not implement. */
    UNIMPLEMENTED_SYSCALL("unimplemented_syscall", Category.SYSCALL);

    private final String id;
    private final Category category;

    Kind(String id, Category category) {
      this.id = id;
      this.category = category;
    }

    /** The name used in {@code capture.json}. */
    public String id() {
      return id;
    }

    /** The triage category a failure caused by this fault belongs to. */
    public Category category() {
      return category;
    }

    /** The kind named {@code id}; {@code where} names the source in errors. */
    public static Kind of(String id, String where) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      throw new ValidationException(where + ": unknown fault kind \"" + id + "\"");
    }
  }
}
