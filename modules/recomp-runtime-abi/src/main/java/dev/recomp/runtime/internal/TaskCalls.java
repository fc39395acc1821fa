package dev.recomp.runtime.internal;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestEngine;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LoadException;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.SyscallError;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Processes and threads: clone (fork, vfork, threads), wait4/waitid, execve, exit, the thread-id
 * calls, signals between processes, rt_sigsuspend, rt_sigreturn, sigaltstack and ppoll.
 */
final class TaskCalls {
  private static final int ELF_MACHINE_OFFSET = 18;
  private static final int EM_AARCH64 = 183;
  private static final int EM_X86_64 = 62;
  private static final int MAX_ARGS = 1 << 16;
  private static final int RUSAGE_SIZE = 144;
  private static final long UNMASKABLE =
      (1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1));

  private TaskCalls() {}

  // ---- threads and processes --------------------------------------------------------------

  /**
   * clone(flags, stack, parent_tid, tls, child_tid). CLONE_THREAD starts a thread sharing
   * everything; otherwise a process with a copy of the address space (or, with CLONE_VM, the same
   * one until it execs, as vfork and posix_spawn use it). The child resumes after the SVC with X0 =
   * 0 on its own Java thread; CLONE_VFORK holds the parent until the child execs or exits.
   */
  static long clone(Kernel k, CpuState cpu, long[] a) {
    long flags = a[0];
    if (k.engine == null) {
      throw new SyscallError(Errno.ENOSYS);
    }
    boolean thread = (flags & LinuxFlags.CLONE_THREAD) != 0;
    if (thread
        && (flags & (LinuxFlags.CLONE_VM | LinuxFlags.CLONE_SIGHAND))
            != (LinuxFlags.CLONE_VM | LinuxFlags.CLONE_SIGHAND)) {
      throw new SyscallError(Errno.EINVAL);
    }
    CpuState child = cpu.copy();
    child.x[0] = 0;
    child.pc = cpu.pc + 4;
    child.clearExclusive();
    if (a[1] != 0) {
      child.sp = a[1];
    }
    if ((flags & LinuxFlags.CLONE_SETTLS) != 0) {
      child.tpidrEl0 = a[3];
    }
    int id = k.system.newId();
    if (thread) {
      GuestThread t = new GuestThread(k.task, id, k, k.process, child, new Budget(k.config), null);
      setTids(k, k, flags, a, id, t);
      t.start();
      return id;
    }
    GuestTask task = new GuestTask(k.system, id, k.task, (int) (flags & LinuxFlags.CSIGNAL));
    synchronized (k.system) {
      k.task.children.add(task);
    }
    Kernel ck = k.fork(task, (flags & LinuxFlags.CLONE_VM) != 0);
    GuestThread t = new GuestThread(task, id, ck, ck.process, child, new Budget(ck.config), null);
    setTids(k, ck, flags, a, id, t);
    t.start();
    if ((flags & LinuxFlags.CLONE_VFORK) != 0) {
      synchronized (k.system) {
        while (!task.vforkReleased) {
          try {
            k.system.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    return id;
  }

  private static void setTids(
      Kernel parent, Kernel child, long flags, long[] a, int id, GuestThread thread) {
    if ((flags & LinuxFlags.CLONE_PARENT_SETTID) != 0) {
      parent.memory.store32(a[2], id);
    }
    if ((flags & LinuxFlags.CLONE_CHILD_SETTID) != 0) {
      child.memory.store32(a[4], id);
    }
    if ((flags & LinuxFlags.CLONE_CHILD_CLEARTID) != 0) {
      thread.clearChildTid = a[4];
    }
  }

  /** exit: ends the calling thread; the process ends with its last thread. */
  static long exitThread(Kernel k, CpuState cpu, long[] a) {
    GuestThread t = GuestThread.current();
    if (t != null) {
      t.threadOnly = true;
    }
    throw new GuestExit(Termination.exited((int) a[0]));
  }

  static long setTidAddress(Kernel k, CpuState cpu, long[] a) {
    GuestThread t = GuestThread.current();
    if (t == null) {
      return k.pid;
    }
    t.clearChildTid = a[0];
    return t.tid;
  }

  static long gettid(Kernel k, CpuState cpu, long[] a) {
    GuestThread t = GuestThread.current();
    return t == null ? k.pid : t.tid;
  }

  // ---- waiting for children ---------------------------------------------------------------

  /** Whether child {@code c} matches wait4's pid argument (process groups are processes here). */
  private static boolean matches(GuestTask c, int pid) {
    return pid == -1 || pid == 0 || c.pid == Math.abs(pid);
  }

  /**
   * Waits for a matching child to end (or not, with WNOHANG) and returns it, or null when none has
   * ended; ECHILD when there is no matching child at all.
   */
  private static GuestTask awaitChild(Kernel k, int pid, int options) {
    GuestTask self = k.task;
    GuestTask[] ended = new GuestTask[1];
    boolean[] any = new boolean[1];
    synchronized (k.system) {
      k.system.await(
          () -> {
            ended[0] = null;
            any[0] = false;
            for (GuestTask c : self.children) {
              if (matches(c, pid)) {
                any[0] = true;
                if (c.end != null) {
                  ended[0] = c;
                  return true;
                }
              }
            }
            return !any[0] || (options & LinuxFlags.WNOHANG) != 0;
          },
          -1);
      if (!any[0]) {
        throw new SyscallError(Errno.ECHILD);
      }
      return ended[0];
    }
  }

  private static void reap(Kernel k, GuestTask child) {
    synchronized (k.system) {
      k.task.children.remove(child);
      k.system.unregister(child.pid);
    }
  }

  /** wait4(pid, status, options, rusage): Linux status encoding; rusage reads as zeros. */
  static long wait4(Kernel k, CpuState cpu, long[] a) {
    GuestTask child = awaitChild(k, (int) a[0], (int) a[2]);
    if (child == null) {
      return 0;
    }
    if (a[1] != 0) {
      k.memory.store32(a[1], child.waitStatus());
    }
    if (a[3] != 0) {
      k.memory.write(a[3], new byte[RUSAGE_SIZE]);
    }
    reap(k, child);
    return child.pid;
  }

  /** waitid(idtype, id, infop, options, rusage): fills the siginfo of a CLD_EXITED/KILLED child. */
  static long waitid(Kernel k, CpuState cpu, long[] a) {
    int idtype = (int) a[0];
    int options = (int) a[3];
    if ((idtype != LinuxFlags.P_ALL && idtype != LinuxFlags.P_PID)
        || (options & LinuxFlags.WEXITED) == 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestTask child = awaitChild(k, idtype == LinuxFlags.P_ALL ? -1 : (int) a[1], options);
    byte[] info = new byte[128];
    if (child != null) {
      int status = child.waitStatus();
      boolean killed = (status & 0x7f) != 0;
      putInt(info, 0, Signals.SIGCHLD);
      putInt(info, 8, killed ? LinuxFlags.CLD_KILLED : LinuxFlags.CLD_EXITED);
      putInt(info, 16, child.pid);
      putInt(info, 20, k.uid());
      putInt(info, 24, killed ? status & 0x7f : (status >> 8) & 0xff);
    }
    if (a[2] != 0) {
      k.memory.write(a[2], info);
    }
    if (a[4] != 0) {
      k.memory.write(a[4], new byte[RUSAGE_SIZE]);
    }
    if (child != null && (options & LinuxFlags.WNOWAIT) == 0) {
      reap(k, child);
    }
    return 0;
  }

  private static void putInt(byte[] b, int at, int v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  // ---- execve -----------------------------------------------------------------------------

  /**
   * execve(path, argv, envp). An AArch64 ELF is compiled by the engine and replaces this process's
   * program (same pid and fds, close-on-exec ones closed); a host executable (a host ELF or a #!
   * script) runs as a host process with fds 0-2 wired to this process's, which then ends with its
   * status; anything else is ENOEXEC. Without a sandbox only: a sandboxed guest may not start host
   * programs (EACCES).
   */
  static long execve(Kernel k, CpuState cpu, long[] a) throws IOException {
    String path = k.path(a[0]);
    List<String> argv = strings(k, a[1]);
    List<String> env = strings(k, a[2]);
    Path host =
        path.equals(FileCalls.PROC_SELF_EXE)
            ? k.paths.resolve(k.config.cwd(), k.config.execPath(), true).host()
            : k.resolveAt(LinuxFlags.AT_FDCWD, path, true).host();
    if (!Files.exists(host)) {
      throw new SyscallError(Errno.ENOENT);
    }
    if (Files.isDirectory(host) || !Files.isExecutable(host)) {
      throw new SyscallError(Errno.EACCES);
    }
    byte[] head = new byte[64];
    int n;
    try (InputStream in = Files.newInputStream(host)) {
      n = in.readNBytes(head, 0, head.length);
    }
    boolean elf = n >= 20 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    int machine =
        elf ? (head[ELF_MACHINE_OFFSET] & 0xff) | (head[ELF_MACHINE_OFFSET + 1] & 0xff) << 8 : -1;
    if (argv.isEmpty()) {
      argv = List.of(path);
    }
    if (machine == EM_AARCH64) {
      return execGuest(k, host, argv, env, path);
    }
    boolean script = n >= 2 && head[0] == '#' && head[1] == '!';
    if (script || machine == hostMachine()) {
      if (k.config.sandboxRoot().isPresent()) {
        throw new SyscallError(Errno.EACCES);
      }
      HostExec.run(k, host, argv, env);
    }
    throw new SyscallError(Errno.ENOEXEC);
  }

  private static long execGuest(
      Kernel k, Path host, List<String> argv, List<String> env, String path) {
    if (k.engine == null || k.loader == null) {
      throw new SyscallError(Errno.ENOSYS);
    }
    GuestImage image;
    GuestEngine engine;
    Kernel next;
    try {
      image = Images.read(host);
      engine = k.engine.load(image, path);
      LinuxConfig config = k.config.forExec(argv, env, path, k.cwd);
      next = k.loader.load(image, config, path);
    } catch (IntakeException | LoadException | RuntimeException e) {
      throw new SyscallError(Errno.ENOEXEC);
    }
    k.replaceWith(next, engine);
    k.task.releaseVfork();
    throw new ProcessReplaced(next);
  }

  private static int hostMachine() {
    return switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> EM_X86_64;
      case "aarch64" -> EM_AARCH64;
      default -> -1;
    };
  }

  /** A NULL-terminated array of guest string pointers. */
  private static List<String> strings(Kernel k, long array) {
    List<String> out = new ArrayList<>();
    if (array == 0) {
      return out;
    }
    for (int i = 0; i < MAX_ARGS; i++) {
      long p = k.memory.load64(array + 8L * i);
      if (p == 0) {
        return out;
      }
      byte[] bytes = k.memory.readCString(p, 128 << 10);
      if (bytes == null) {
        throw new SyscallError(Errno.E2BIG);
      }
      out.add(new String(bytes, StandardCharsets.UTF_8));
    }
    throw new SyscallError(Errno.E2BIG);
  }

  // ---- signals between processes ----------------------------------------------------------

  private static void checkSignal(int signal) {
    if (signal < 0 || signal > Signals.MAX) {
      throw new SyscallError(Errno.EINVAL);
    }
  }

  /** kill(pid, sig): to itself, another guest process, or (-1) every other one. */
  static long kill(Kernel k, CpuState cpu, long[] a) {
    int target = (int) a[0];
    int signal = (int) a[1];
    checkSignal(signal);
    if (target == k.pid || target == 0 || target == -k.pid) {
      return ProcessCalls.signalSelf(k, cpu, signal);
    }
    if (target == -1) {
      for (GuestTask t : k.system.tasks()) {
        if (t != k.task && t.end == null && signal != 0) {
          t.kernel.post(signal);
        }
      }
      return 0;
    }
    return signalTask(k, cpu, k.system.task(Math.abs(target)), signal);
  }

  static long tkill(Kernel k, CpuState cpu, long[] a) {
    if ((int) a[0] <= 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    checkSignal((int) a[1]);
    return signalTask(k, cpu, k.system.task((int) a[0]), (int) a[1]);
  }

  static long tgkill(Kernel k, CpuState cpu, long[] a) {
    if ((int) a[0] <= 0 || (int) a[1] <= 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    checkSignal((int) a[2]);
    GuestTask t = k.system.task((int) a[1]);
    if (t == null || t.pid != (int) a[0]) {
      throw new SyscallError(Errno.ESRCH);
    }
    return signalTask(k, cpu, t, (int) a[2]);
  }

  private static long signalTask(Kernel k, CpuState cpu, GuestTask t, int signal) {
    if (t == null) {
      throw new SyscallError(Errno.ESRCH);
    }
    if (t == k.task) {
      return ProcessCalls.signalSelf(k, cpu, signal);
    }
    if (signal != 0 && t.end == null) {
      t.kernel.post(signal);
    }
    return 0;
  }

  /** rt_sigsuspend(mask, size): waits with {@code mask} until a signal is delivered; EINTR. */
  static long rtSigsuspend(Kernel k, CpuState cpu, long[] a) {
    if (a[1] != 8) {
      throw new SyscallError(Errno.EINVAL);
    }
    long mask = k.memory.load64(a[0]);
    k.suspendedMask = k.signalMask;
    k.signalMask = mask & ~UNMASKABLE;
    k.system.await(() -> false, -1);
    throw new SyscallError(Errno.EINTR);
  }

  static long rtSigreturn(Kernel k, CpuState cpu, long[] a) {
    return SignalFrames.sigreturn(k, cpu, a);
  }

  /** sigaltstack(ss, old_ss): stack_t {ss_sp, ss_flags, ss_size}. */
  static long sigaltstack(Kernel k, CpuState cpu, long[] a) {
    GuestThread t = GuestThread.current();
    CpuState self = t == null ? cpu : t.cpu();
    boolean on =
        k.altStackFlags != LinuxFlags.SS_DISABLE
            && Long.compareUnsigned(self.sp - k.altStackBase, k.altStackSize) < 0;
    long[] fresh = null;
    if (a[0] != 0) {
      long base = k.memory.load64(a[0]);
      int flags = (int) k.memory.load32(a[0] + 8);
      long size = k.memory.load64(a[0] + 16);
      if (on) {
        throw new SyscallError(Errno.EPERM);
      }
      if (flags != 0 && flags != LinuxFlags.SS_DISABLE) {
        throw new SyscallError(Errno.EINVAL);
      }
      if (flags == 0 && size < LinuxFlags.MINSIGSTKSZ) {
        throw new SyscallError(Errno.ENOMEM);
      }
      fresh = new long[] {base, flags, size};
    }
    if (a[1] != 0) {
      k.memory.store64(a[1], k.altStackBase);
      k.memory.store32(a[1] + 8, on ? LinuxFlags.SS_ONSTACK : k.altStackFlags);
      k.memory.store64(a[1] + 16, k.altStackSize);
    }
    if (fresh != null) {
      k.altStackFlags = (int) fresh[1];
      k.altStackBase = fresh[1] == LinuxFlags.SS_DISABLE ? 0 : fresh[0];
      k.altStackSize = fresh[1] == LinuxFlags.SS_DISABLE ? 0 : fresh[2];
    }
    return 0;
  }

  /**
   * ppoll(fds, nfds, timeout, sigmask, size): waits until one of the fds is ready (pipes by their
   * contents, every other file at once), a signal arrives (EINTR) or the timeout passes (0).
   */
  static long ppoll(Kernel k, CpuState cpu, long[] a) {
    int nfds = (int) a[1];
    if (nfds < 0 || nfds > FdTable.MAX_FDS) {
      throw new SyscallError(Errno.EINVAL);
    }
    long timeout = a[2] == 0 ? -1 : TimeCalls.timespecNanos(k, a[2]);
    if (a[3] != 0) {
      if (a[4] != 8) {
        throw new SyscallError(Errno.EINVAL);
      }
      k.suspendedMask = k.signalMask;
      k.signalMask = k.memory.load64(a[3]) & ~UNMASKABLE;
    }
    int[] ready = new int[1];
    boolean any =
        k.system.await(
            () -> {
              ready[0] = 0;
              for (int i = 0; i < nfds; i++) {
                long at = a[0] + 8L * i;
                int fd = (int) k.memory.load32(at);
                int events = (int) k.memory.load16(at + 4);
                int revents = 0;
                if (fd >= 0) {
                  OpenFile f = k.fds.find(fd);
                  revents = f == null ? OpenFile.POLLNVAL : f.poll(events);
                }
                k.memory.store16(at + 6, revents);
                if (revents != 0) {
                  ready[0]++;
                }
              }
              return ready[0] > 0;
            },
            k.config.deterministic() && timeout >= 0 ? 0 : timeout);
    return any ? ready[0] : 0;
  }
}
