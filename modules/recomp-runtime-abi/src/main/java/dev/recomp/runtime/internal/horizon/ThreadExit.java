package dev.recomp.runtime.internal.horizon;

/**
 * Unwinds a guest thread's JVM thread after svcExitThread, or when the process has ended while the
 * thread waited for its turn. Never a guest-visible event; the thread's body catches it.
 */
public final class ThreadExit extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ThreadExit() {
    super("guest thread exited", null, false, false);
  }
}
