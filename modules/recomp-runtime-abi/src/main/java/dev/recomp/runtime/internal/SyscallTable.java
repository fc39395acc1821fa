package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

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

  private static final List<Entry> ROWS =
      List.of(
          row(17, "getcwd", 2, FileCalls::getcwd),
          row(23, "dup", 1, FileCalls::dup),
          row(24, "dup3", 3, FileCalls::dup3),
          row(25, "fcntl", 3, FileCalls::fcntl),
          row(29, "ioctl", 3, FileCalls::ioctl),
          row(34, "mkdirat", 3, FileCalls::mkdirat),
          row(35, "unlinkat", 3, FileCalls::unlinkat),
          row(38, "renameat", 4, FileCalls::renameat),
          row(48, "faccessat", 3, FileCalls::faccessat),
          row(49, "chdir", 1, FileCalls::chdir),
          row(56, "openat", 4, FileCalls::openat),
          row(57, "close", 1, FileCalls::close),
          row(59, "pipe2", 2, FileCalls::pipe2),
          row(61, "getdents64", 3, FileCalls::getdents64),
          row(62, "lseek", 3, FileCalls::lseek),
          blocking(63, "read", 3, FileCalls::read),
          blocking(64, "write", 3, FileCalls::write),
          blocking(65, "readv", 3, FileCalls::readv),
          blocking(66, "writev", 3, FileCalls::writev),
          blocking(67, "pread64", 4, FileCalls::pread64),
          blocking(68, "pwrite64", 4, FileCalls::pwrite64),
          blocking(71, "sendfile", 4, FileCalls::sendfile),
          row(78, "readlinkat", 4, FileCalls::readlinkat),
          row(79, "newfstatat", 4, FileCalls::newfstatat),
          row(80, "fstat", 2, FileCalls::fstat),
          blocking(73, "ppoll", 5, TaskCalls::ppoll),
          row(93, "exit", 1, TaskCalls::exitThread),
          row(94, "exit_group", 1, ProcessCalls::exit),
          blocking(95, "waitid", 5, TaskCalls::waitid),
          row(96, "set_tid_address", 1, TaskCalls::setTidAddress),
          blocking(98, "futex", 6, ProcessCalls::futex),
          row(99, "set_robust_list", 2, ProcessCalls::setRobustList),
          blocking(101, "nanosleep", 2, TimeCalls::nanosleep),
          row(113, "clock_gettime", 2, TimeCalls::clockGettime),
          row(114, "clock_getres", 2, TimeCalls::clockGetres),
          blocking(115, "clock_nanosleep", 4, TimeCalls::clockNanosleep),
          row(123, "sched_getaffinity", 3, ProcessCalls::schedGetaffinity),
          row(124, "sched_yield", 0, (k, c, a) -> 0),
          row(129, "kill", 2, TaskCalls::kill),
          row(130, "tkill", 2, TaskCalls::tkill),
          row(131, "tgkill", 3, TaskCalls::tgkill),
          row(132, "sigaltstack", 2, TaskCalls::sigaltstack),
          blocking(133, "rt_sigsuspend", 2, TaskCalls::rtSigsuspend),
          row(134, "rt_sigaction", 4, ProcessCalls::rtSigaction),
          row(135, "rt_sigprocmask", 4, ProcessCalls::rtSigprocmask),
          row(139, "rt_sigreturn", 0, TaskCalls::rtSigreturn),
          row(160, "uname", 1, ProcessCalls::uname),
          row(163, "getrlimit", 2, ProcessCalls::getrlimit),
          row(166, "umask", 1, FileCalls::umask),
          row(167, "prctl", 5, ProcessCalls::prctl),
          row(169, "gettimeofday", 2, TimeCalls::gettimeofday),
          row(172, "getpid", 0, (k, c, a) -> k.pid),
          row(173, "getppid", 0, (k, c, a) -> k.ppid()),
          row(174, "getuid", 0, (k, c, a) -> k.uid()),
          row(175, "geteuid", 0, (k, c, a) -> k.uid()),
          row(176, "getgid", 0, (k, c, a) -> k.gid()),
          row(177, "getegid", 0, (k, c, a) -> k.gid()),
          row(178, "gettid", 0, TaskCalls::gettid),
          row(179, "sysinfo", 1, ProcessCalls::sysinfo),
          row(214, "brk", 1, MemoryCalls::brk),
          row(215, "munmap", 2, MemoryCalls::munmap),
          row(216, "mremap", 5, MemoryCalls::mremap),
          blocking(220, "clone", 5, TaskCalls::clone),
          blocking(221, "execve", 3, TaskCalls::execve),
          row(222, "mmap", 6, MemoryCalls::mmap),
          row(226, "mprotect", 3, MemoryCalls::mprotect),
          row(233, "madvise", 3, MemoryCalls::madvise),
          blocking(260, "wait4", 4, TaskCalls::wait4),
          row(261, "prlimit64", 4, ProcessCalls::prlimit64),
          row(276, "renameat2", 5, FileCalls::renameat2),
          row(278, "getrandom", 3, TimeCalls::getrandom),
          row(293, "rseq", 4, (k, c, a) -> Errno.ENOSYS.negative()),
          row(435, "clone3", 2, (k, c, a) -> Errno.ENOSYS.negative()),
          row(439, "faccessat2", 4, FileCalls::faccessat));

  private static final Entry[] BY_NUMBER = index(ROWS);

  private SyscallTable() {}

  private static Entry row(int number, String name, int argCount, Handler handler) {
    return new Entry(number, name, argCount, handler, false);
  }

  private static Entry blocking(int number, String name, int argCount, Handler handler) {
    return new Entry(number, name, argCount, handler, true);
  }

  private static Entry[] index(List<Entry> rows) {
    Entry[] table = new Entry[rows.stream().mapToInt(Entry::number).max().orElse(0) + 1];
    for (Entry e : rows) {
      if (table[e.number()] != null) {
        throw new IllegalStateException("syscall " + e.number() + " listed twice");
      }
      table[e.number()] = e;
    }
    return table;
  }

  /** The row for syscall {@code number}, or null. */
  static Entry lookup(long number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[(int) number] : null;
  }

  /** Number and name of every implemented syscall, by number. */
  public static List<String> describe() {
    return Arrays.stream(BY_NUMBER)
        .filter(e -> e != null)
        .map(e -> e.number() + " " + e.name())
        .toList();
  }
}
