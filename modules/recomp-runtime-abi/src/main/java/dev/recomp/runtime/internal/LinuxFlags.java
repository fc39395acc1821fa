package dev.recomp.runtime.internal;

/** Flag values of the aarch64 Linux ABI (arm64 uses the ARM values for O_DIRECTORY/O_NOFOLLOW). */
final class LinuxFlags {
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_RDWR = 2;
  static final int O_ACCMODE = 3;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_TRUNC = 01000;
  static final int O_APPEND = 02000;
  static final int O_NONBLOCK = 04000;
  static final int O_DIRECTORY = 040000;
  static final int O_NOFOLLOW = 0100000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;
  static final int AT_EMPTY_PATH = 0x1000;

  static final int SEEK_SET = 0;
  static final int SEEK_CUR = 1;
  static final int SEEK_END = 2;

  static final int MAP_SHARED = 0x01;
  static final int MAP_PRIVATE = 0x02;
  static final int MAP_FIXED = 0x10;
  static final int MAP_ANONYMOUS = 0x20;
  static final int MAP_FIXED_NOREPLACE = 0x100000;

  static final int MREMAP_MAYMOVE = 1;
  static final int MREMAP_FIXED = 2;

  static final int MADV_DONTNEED = 4;

  static final int F_DUPFD = 0;
  static final int F_GETFD = 1;
  static final int F_SETFD = 2;
  static final int F_GETFL = 3;
  static final int F_SETFL = 4;
  static final int F_DUPFD_CLOEXEC = 1030;
  static final int FD_CLOEXEC = 1;

  static final int TCGETS = 0x5401;
  static final int TIOCGWINSZ = 0x5413;

  static final int FUTEX_WAIT = 0;
  static final int FUTEX_WAKE = 1;
  static final int FUTEX_REQUEUE = 3;
  static final int FUTEX_CMP_REQUEUE = 4;
  static final int FUTEX_WAIT_BITSET = 9;
  static final int FUTEX_WAKE_BITSET = 10;
  static final int FUTEX_CMD_MASK = 0x7f;
  static final int FUTEX_CLOCK_REALTIME = 256;

  static final long SIG_DFL = 0;
  static final long SIG_IGN = 1;
  static final long SA_SIGINFO = 4;
  static final long SA_ONSTACK = 0x08000000L;
  static final long SA_RESTORER = 0x04000000L;
  static final long SA_RESTART = 0x10000000L;
  static final long SA_NODEFER = 0x40000000L;
  static final long SA_RESETHAND = 0x80000000L;
  static final int SS_ONSTACK = 1;
  static final int SS_DISABLE = 2;
  static final int MINSIGSTKSZ = 5120;

  static final long CLONE_VM = 0x100;
  static final long CLONE_FS = 0x200;
  static final long CLONE_FILES = 0x400;
  static final long CLONE_SIGHAND = 0x800;
  static final long CLONE_VFORK = 0x4000;
  static final long CLONE_PARENT = 0x8000;
  static final long CLONE_THREAD = 0x10000;
  static final long CLONE_SETTLS = 0x80000;
  static final long CLONE_PARENT_SETTID = 0x100000;
  static final long CLONE_CHILD_CLEARTID = 0x200000;
  static final long CLONE_CHILD_SETTID = 0x1000000;
  static final long CSIGNAL = 0xff;

  static final int WNOHANG = 1;
  static final int WEXITED = 4;
  static final int WNOWAIT = 0x01000000;
  static final int P_ALL = 0;
  static final int P_PID = 1;
  static final int CLD_EXITED = 1;
  static final int CLD_KILLED = 2;

  static final int RLIMIT_NOFILE = 7;

  static final int PR_SET_NAME = 15;
  static final int PR_GET_NAME = 16;

  private LinuxFlags() {}

  /** Whether the default action of {@code signal} is to stop the process (no job control here). */
  static boolean stopsByDefault(int signal) {
    return signal >= 19 && signal <= 22;
  }
}
