package dev.recomp.runtime.internal;

/**
 * Thrown by rt_sigreturn, after it restored the registers from the signal frame, to unwind the
 * handler's frames back to where the runtime delivered the signal. Control flow, no stack trace.
 */
final class SignalReturn extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SignalReturn() {
    super("rt_sigreturn", null, false, false);
  }
}
