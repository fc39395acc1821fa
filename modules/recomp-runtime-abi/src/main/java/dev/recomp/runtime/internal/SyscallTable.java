package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The aarch64 Linux syscalls the personality implements: number, name, argument count, handler.
 * Numbers are the asm-generic ones (include/uapi/asm-generic/unistd.h). Anything not listed returns
 * ENOSYS and is counted in the trace (or ends the guest in strict mode).
 */
public final class SyscallTable {
  /** A syscall handler; returns the value for X0 or throws {@link SyscallError}. */
  @FunctionalInterface
  interface Handler {
    long call(Kernel k, CpuState cpu, long[] a) throws IOException, InterruptedException;
  }

  /**
   * One row of the table. A blocking call may wait for another guest thread or process, so it runs
   * without the process's lock.
   */
  record Entry(int number, String name, int argCount, Handler handler, boolean blocking) {}

  /** A row of {@link #row}: an entry without its number, which is the row's case label. */
  record Row(String name, int argCount, Handler handler, boolean blocking) {}

  /** One more than the highest number in {@link #row}. */
  static final int LIMIT = 440;

  /** The rows bound so far, by number; see {@link #lookup}. */
  private static final Entry[] BOUND = new Entry[LIMIT];

  private SyscallTable() {}

  /**
   * The table. A row is built the first time its syscall is made, not when the class loads: each
   * handler is a lambda, and linking all of them cost ~20 ms of every launch, when a program calls
   * a dozen or two.
   */
  static Row row(int number) {
    return switch (number) {
      case 17 -> row("getcwd", 2, FileCalls::getcwd);
      case 23 -> row("dup", 1, FileCalls::dup);
      case 24 -> row("dup3", 3, FileCalls::dup3);
      case 25 -> row("fcntl", 3, FileCalls::fcntl);
      case 29 -> row("ioctl", 3, FileCalls::ioctl);
      case 34 -> row("mkdirat", 3, FileCalls::mkdirat);
      case 35 -> row("unlinkat", 3, FileCalls::unlinkat);
      case 38 -> row("renameat", 4, FileCalls::renameat);
      case 48 -> row("faccessat", 3, FileCalls::faccessat);
      case 49 -> row("chdir", 1, FileCalls::chdir);
      case 56 -> row("openat", 4, FileCalls::openat);
      case 57 -> row("close", 1, FileCalls::close);
      case 59 -> row("pipe2", 2, FileCalls::pipe2);
      case 61 -> row("getdents64", 3, FileCalls::getdents64);
      case 62 -> row("lseek", 3, FileCalls::lseek);
      case 63 -> blocking("read", 3, FileCalls::read);
      case 64 -> blocking("write", 3, FileCalls::write);
      case 65 -> blocking("readv", 3, FileCalls::readv);
      case 66 -> blocking("writev", 3, FileCalls::writev);
      case 67 -> blocking("pread64", 4, FileCalls::pread64);
      case 68 -> blocking("pwrite64", 4, FileCalls::pwrite64);
      case 71 -> blocking("sendfile", 4, FileCalls::sendfile);
      case 73 -> blocking("ppoll", 5, TaskCalls::ppoll);
      case 78 -> row("readlinkat", 4, FileCalls::readlinkat);
      case 79 -> row("newfstatat", 4, FileCalls::newfstatat);
      case 80 -> row("fstat", 2, FileCalls::fstat);
      case 93 -> row("exit", 1, TaskCalls::exitThread);
      case 94 -> row("exit_group", 1, ProcessCalls::exit);
      case 95 -> blocking("waitid", 5, TaskCalls::waitid);
      case 96 -> row("set_tid_address", 1, TaskCalls::setTidAddress);
      case 98 -> blocking("futex", 6, ProcessCalls::futex);
      case 99 -> row("set_robust_list", 2, ProcessCalls::setRobustList);
      case 101 -> blocking("nanosleep", 2, TimeCalls::nanosleep);
      case 113 -> row("clock_gettime", 2, TimeCalls::clockGettime);
      case 114 -> row("clock_getres", 2, TimeCalls::clockGetres);
      case 115 -> blocking("clock_nanosleep", 4, TimeCalls::clockNanosleep);
      case 123 -> row("sched_getaffinity", 3, ProcessCalls::schedGetaffinity);
      case 124 -> row("sched_yield", 0, (k, c, a) -> 0);
      case 129 -> row("kill", 2, TaskCalls::kill);
      case 130 -> row("tkill", 2, TaskCalls::tkill);
      case 131 -> row("tgkill", 3, TaskCalls::tgkill);
      case 132 -> row("sigaltstack", 2, TaskCalls::sigaltstack);
      case 133 -> blocking("rt_sigsuspend", 2, TaskCalls::rtSigsuspend);
      case 134 -> row("rt_sigaction", 4, ProcessCalls::rtSigaction);
      case 135 -> row("rt_sigprocmask", 4, ProcessCalls::rtSigprocmask);
      case 139 -> row("rt_sigreturn", 0, TaskCalls::rtSigreturn);
      case 160 -> row("uname", 1, ProcessCalls::uname);
      case 163 -> row("getrlimit", 2, ProcessCalls::getrlimit);
      case 166 -> row("umask", 1, FileCalls::umask);
      case 167 -> row("prctl", 5, ProcessCalls::prctl);
      case 169 -> row("gettimeofday", 2, TimeCalls::gettimeofday);
      case 172 -> row("getpid", 0, (k, c, a) -> k.pid);
      case 173 -> row("getppid", 0, (k, c, a) -> k.ppid());
      case 174 -> row("getuid", 0, (k, c, a) -> k.uid());
      case 175 -> row("geteuid", 0, (k, c, a) -> k.uid());
      case 176 -> row("getgid", 0, (k, c, a) -> k.gid());
      case 177 -> row("getegid", 0, (k, c, a) -> k.gid());
      case 178 -> row("gettid", 0, TaskCalls::gettid);
      case 179 -> row("sysinfo", 1, ProcessCalls::sysinfo);
      case 214 -> row("brk", 1, MemoryCalls::brk);
      case 215 -> row("munmap", 2, MemoryCalls::munmap);
      case 216 -> row("mremap", 5, MemoryCalls::mremap);
      case 220 -> blocking("clone", 5, TaskCalls::clone);
      case 221 -> blocking("execve", 3, TaskCalls::execve);
      case 222 -> row("mmap", 6, MemoryCalls::mmap);
      case 226 -> row("mprotect", 3, MemoryCalls::mprotect);
      case 233 -> row("madvise", 3, MemoryCalls::madvise);
      case 260 -> blocking("wait4", 4, TaskCalls::wait4);
      case 261 -> row("prlimit64", 4, ProcessCalls::prlimit64);
      case 276 -> row("renameat2", 5, FileCalls::renameat2);
      case 278 -> row("getrandom", 3, TimeCalls::getrandom);
      case 293 -> row("rseq", 4, (k, c, a) -> Errno.ENOSYS.negative());
      case 435 -> row("clone3", 2, (k, c, a) -> Errno.ENOSYS.negative());
      case 439 -> row("faccessat2", 4, FileCalls::faccessat);
      default -> null;
    };
  }

  /** The row for syscall {@code number}, or null. */
  static Entry lookup(long number) {
    if (number < 0 || number >= LIMIT) {
      return null;
    }
    int n = (int) number;
    Entry bound = BOUND[n];
    if (bound == null) {
      // Two threads may both bind a row; either copy will do, and a record's fields are final.
      Row r = row(n);
      bound = r == null ? null : new Entry(n, r.name(), r.argCount(), r.handler(), r.blocking());
      BOUND[n] = bound;
    }
    return bound;
  }

  private static Row row(String name, int argCount, Handler handler) {
    return new Row(name, argCount, handler, false);
  }

  private static Row blocking(String name, int argCount, Handler handler) {
    return new Row(name, argCount, handler, true);
  }

  /** Number and name of every implemented syscall, by number. */
  public static List<String> describe() {
    return IntStream.range(0, LIMIT)
        .mapToObj(SyscallTable::lookup)
        .filter(e -> e != null)
        .map(e -> e.number() + " " + e.name())
        .toList();
  }
}
