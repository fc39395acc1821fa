package dev.recomp.runtime;

/**
 * Unwinds guest execution when the guest process ends (exit_group, a fatal signal, a budget, a
 * strict-mode unknown syscall). Recompiled code must let it pass; {@link GuestProcess#run} catches
 * it. No JVM stack trace: it is control flow.
 */
public final class GuestExit extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Termination termination;

  /** Ends the guest with {@code termination}. */
  public GuestExit(Termination termination) {
    super(termination.message(), null, false, false);
    this.termination = termination;
  }

  /** How the guest ended. */
  public Termination termination() {
    return termination;
  }
}
