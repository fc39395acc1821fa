package dev.recomp.runtime.internal;

/** A syscall that would block forever because no other guest thread exists to wake it. */
final class Deadlock extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Deadlock(String message) {
    super(message, null, false, false);
  }
}
