package dev.recomp.runtime;

/**
 * A system call failing with an errno; thrown inside handlers and turned into {@code -errno} by the
 * dispatcher. Carries no JVM stack trace: it is an expected guest-visible result.
 */
public final class SyscallError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Errno errno;

  /** Fails with {@code errno}. */
  public SyscallError(Errno errno) {
    super(errno.name(), null, false, false);
    this.errno = errno;
  }

  /** The error. */
  public Errno errno() {
    return errno;
  }
}
