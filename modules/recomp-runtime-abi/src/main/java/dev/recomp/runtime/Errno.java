package dev.recomp.runtime;

/** The Linux errno values the personality returns (asm-generic numbering, as on aarch64). */
public enum Errno {
  EPERM(1),
  ENOENT(2),
  ESRCH(3),
  EINTR(4),
  EIO(5),
  ENXIO(6),
  E2BIG(7),
  ENOEXEC(8),
  EBADF(9),
  ECHILD(10),
  EAGAIN(11),
  ENOMEM(12),
  EACCES(13),
  EFAULT(14),
  EBUSY(16),
  EEXIST(17),
  EXDEV(18),
  ENODEV(19),
  ENOTDIR(20),
  EISDIR(21),
  EINVAL(22),
  EMFILE(24),
  ENOTTY(25),
  EFBIG(27),
  ENOSPC(28),
  ESPIPE(29),
  EROFS(30),
  EMLINK(31),
  EPIPE(32),
  ERANGE(34),
  ENAMETOOLONG(36),
  ENOSYS(38),
  ENOTEMPTY(39),
  ELOOP(40),
  EOVERFLOW(75),
  EOPNOTSUPP(95),
  ETIMEDOUT(110);

  private final int code;

  Errno(int code) {
    this.code = code;
  }

  /** The positive errno value. */
  public int code() {
    return code;
  }

  /** The syscall return value reporting this error: {@code -code}. */
  public long negative() {
    return -code;
  }

  /** The error for a negative syscall return value, if it is one of ours. */
  public static java.util.Optional<Errno> ofResult(long result) {
    for (Errno e : values()) {
      if (e.negative() == result) {
        return java.util.Optional.of(e);
      }
    }
    return java.util.Optional.empty();
  }
}
