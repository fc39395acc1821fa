package dev.recomp.runtime;

import java.util.Locale;

/**
 * A guest memory access the guest's own page permissions forbid: what a real CPU turns into SIGSEGV
 * or SIGBUS. Thrown by {@link GuestMemory} instead of any JVM exception; cheap to create (no JVM
 * stack trace), because it is guest state, not a runtime bug.
 *
 * <p>Memory does not know the guest PC. Code that does (the interpreter, a recompiled block's
 * handler) attaches it with {@link #at(long)} before the fault travels on; {@link #pc()} is {@link
 * #UNKNOWN_PC} until then.
 */
public final class GuestFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The PC of a fault nobody has attributed yet. */
  public static final long UNKNOWN_PC = -1L;

  /** Why the access failed. */
  public enum Cause {
    /** No mapping at the address (SIGSEGV, SEGV_MAPERR). */
    UNMAPPED,
    /** Mapped, but without the right the access needs (SIGSEGV, SEGV_ACCERR). */
    PROTECTION,
    /** An access that must be aligned was not (SIGBUS, BUS_ADRALN). */
    ALIGNMENT
  }

  private final AccessKind kind;
  private final Cause cause;
  private final long address;
  private final int size;
  private final long pc;

  /** A fault of {@code size} bytes at {@code address}, PC not yet known. */
  public GuestFault(AccessKind kind, Cause cause, long address, int size) {
    this(kind, cause, address, size, UNKNOWN_PC);
  }

  private GuestFault(AccessKind kind, Cause cause, long address, int size, long pc) {
    super(null, null, false, false);
    this.kind = kind;
    this.cause = cause;
    this.address = address;
    this.size = size;
    this.pc = pc;
  }

  /** The same fault attributed to the instruction at {@code pc}. */
  public GuestFault at(long pc) {
    return new GuestFault(kind, cause, address, size, pc);
  }

  /** The access kind. */
  public AccessKind kind() {
    return kind;
  }

  /** Why it failed. */
  public Cause reason() {
    return cause;
  }

  /** The guest address of the access. */
  public long address() {
    return address;
  }

  /** The access size in bytes. */
  public int size() {
    return size;
  }

  /** The guest PC of the faulting instruction, or {@link #UNKNOWN_PC}. */
  public long pc() {
    return pc;
  }

  /** The Linux signal a real kernel would deliver: SIGBUS for alignment, SIGSEGV otherwise. */
  public int signal() {
    return cause == Cause.ALIGNMENT ? Signals.SIGBUS : Signals.SIGSEGV;
  }

  @Override
  public String getMessage() {
    return "guest fault: "
        + kind.name().toLowerCase(Locale.ROOT)
        + " of "
        + size
        + " bytes at 0x"
        + Long.toHexString(address)
        + " ("
        + cause.name().toLowerCase(Locale.ROOT)
        + ")"
        + (pc == UNKNOWN_PC ? "" : " by pc 0x" + Long.toHexString(pc));
  }
}
