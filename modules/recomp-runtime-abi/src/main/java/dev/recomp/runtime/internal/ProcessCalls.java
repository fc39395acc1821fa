package dev.recomp.runtime.internal;

import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.SyscallError;
import dev.recomp.runtime.Termination;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Process, identity, signal and system-information syscalls. */
final class ProcessCalls {
  private static final long SIG_DFL = 0;
  private static final long SIG_IGN = 1;
  private static final int SIG_BLOCK = 0;
  private static final int SIG_UNBLOCK = 1;
  private static final int SIG_SETMASK = 2;
  private static final long SIGSET_SIZE = 8;
  private static final int ROBUST_LIST_HEAD_SIZE = 24;
  private static final long UNMASKABLE =
      (1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1));
  private static final int UTS_FIELD = 65;

  /** What uname reports: a Linux/aarch64 machine of the kernel generation glibc 2.36 expects. */
  private static final String[] UTSNAME = {
    "Linux", "recomp", "6.1.0", "#1 SMP PREEMPT recomp", "aarch64", "(none)"
  };

  private ProcessCalls() {}

  static long exit(Kernel k, CpuState cpu, long[] a) {
    throw new GuestExit(Termination.exited((int) a[0]));
  }

  static long setRobustList(Kernel k, CpuState cpu, long[] a) {
    if (a[1] != ROBUST_LIST_HEAD_SIZE) {
      throw new SyscallError(Errno.EINVAL);
    }
    return 0;
  }

  /**
   * futex: WAIT/WAKE (and their BITSET forms) and (CMP_)REQUEUE on the words of this address space
   * (private and shared futexes are the same here: processes sharing memory share its object).
   * Timeouts: relative for WAIT, absolute on the monotonic (or, with FUTEX_CLOCK_REALTIME, real)
   * clock for WAIT_BITSET.
   */
  static long futex(Kernel k, CpuState cpu, long[] a) throws InterruptedException {
    int op = (int) a[1] & LinuxFlags.FUTEX_CMD_MASK;
    long address = a[0];
    switch (op) {
      case LinuxFlags.FUTEX_WAKE, LinuxFlags.FUTEX_WAKE_BITSET -> {
        k.memory.check(address, 4, AccessKind.READ);
        int bitset = op == LinuxFlags.FUTEX_WAKE ? -1 : (int) a[5];
        if (bitset == 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        return k.system.futexWake(k.memory, address, (int) a[2], bitset, 0, 0);
      }
      case LinuxFlags.FUTEX_WAIT, LinuxFlags.FUTEX_WAIT_BITSET -> {
        int bitset = op == LinuxFlags.FUTEX_WAIT ? -1 : (int) a[5];
        if (bitset == 0 || (address & 3) != 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        long timeout = -1;
        if (a[3] != 0) {
          long nanos = TimeCalls.timespecNanos(k, a[3]);
          if (op == LinuxFlags.FUTEX_WAIT) {
            timeout = nanos;
          } else {
            long now =
                ((int) a[1] & LinuxFlags.FUTEX_CLOCK_REALTIME) != 0
                    ? k.clock.realtimeNanos()
                    : k.clock.monotonicNanos();
            timeout = Math.max(0, nanos - now);
          }
        }
        if (timeout >= 0 && k.config.deterministic()) {
          // The virtual clock: a wait nobody ends at once takes its whole timeout.
          if (k.system.futexWait(k.memory, address, (int) a[2], bitset, 0)) {
            return 0;
          }
          k.sleep(cpu, timeout);
          throw new SyscallError(Errno.ETIMEDOUT);
        }
        if (!k.system.futexWait(k.memory, address, (int) a[2], bitset, timeout)) {
          throw new SyscallError(Errno.ETIMEDOUT);
        }
        return 0;
      }
      case LinuxFlags.FUTEX_REQUEUE, LinuxFlags.FUTEX_CMP_REQUEUE -> {
        k.memory.check(address, 4, AccessKind.READ);
        if (op == LinuxFlags.FUTEX_CMP_REQUEUE && (int) k.memory.load32(address) != (int) a[5]) {
          throw new SyscallError(Errno.EAGAIN);
        }
        return k.system.futexWake(k.memory, address, (int) a[2], -1, (int) a[3], a[4]);
      }
      default -> throw new SyscallError(Errno.ENOSYS);
    }
  }

  static long schedGetaffinity(Kernel k, CpuState cpu, long[] a) {
    if (a[1] < 8 || (a[1] & 7) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    k.memory.store64(a[2], 1);
    return 8;
  }

  /**
   * Sends {@code signal} to the guest itself. The default action of a terminating signal ends the
   * guest here; an ignored or blocked signal is dropped or left pending; a signal with a guest
   * handler is queued for the execution engine, which alone can build a signal frame and run guest
   * code.
   */
  static long signalSelf(Kernel k, CpuState cpu, int signal) {
    if (signal < 0 || signal > Signals.MAX) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (signal == 0) {
      return 0;
    }
    long bit = 1L << (signal - 1);
    long handler = k.sigactions[signal][0];
    boolean uncatchable = signal == Signals.SIGKILL;
    if (!uncatchable && (k.signalMask & bit) != 0) {
      synchronized (k.system) {
        k.pendingSignals |= bit;
      }
      return 0;
    }
    if (!uncatchable && Kernel.ignores(signal, handler)) {
      return 0;
    }
    if (uncatchable || handler == SIG_DFL) {
      throw new GuestExit(Termination.signaled(signal, cpu));
    }
    synchronized (k.system) {
      k.pendingSignals |= bit;
    }
    return 0;
  }

  static long rtSigaction(Kernel k, CpuState cpu, long[] a) {
    int signal = (int) a[0];
    if (a[3] != SIGSET_SIZE || signal < 1 || signal > Signals.MAX) {
      throw new SyscallError(Errno.EINVAL);
    }
    long[] fresh = null;
    if (a[1] != 0) {
      if (signal == Signals.SIGKILL || signal == Signals.SIGSTOP) {
        throw new SyscallError(Errno.EINVAL);
      }
      fresh = new long[4];
      for (int i = 0; i < 4; i++) {
        fresh[i] = k.memory.load64(a[1] + 8L * i);
      }
    }
    long[] old = k.sigactions[signal].clone();
    if (fresh != null) {
      k.sigactions[signal] = fresh;
    }
    if (a[2] != 0) {
      for (int i = 0; i < 4; i++) {
        k.memory.store64(a[2] + 8L * i, old[i]);
      }
    }
    return 0;
  }

  static long rtSigprocmask(Kernel k, CpuState cpu, long[] a) {
    if (a[3] != SIGSET_SIZE) {
      throw new SyscallError(Errno.EINVAL);
    }
    long old = k.signalMask;
    if (a[1] != 0) {
      long set = k.memory.load64(a[1]);
      long next =
          switch ((int) a[0]) {
            case SIG_BLOCK -> old | set;
            case SIG_UNBLOCK -> old & ~set;
            case SIG_SETMASK -> set;
            default -> throw new SyscallError(Errno.EINVAL);
          };
      if (a[2] != 0) {
        k.memory.store64(a[2], old);
      }
      k.signalMask = next & ~UNMASKABLE;
      return 0;
    }
    if (a[2] != 0) {
      k.memory.store64(a[2], old);
    }
    return 0;
  }

  static long uname(Kernel k, CpuState cpu, long[] a) {
    byte[] out = new byte[UTS_FIELD * UTSNAME.length];
    for (int i = 0; i < UTSNAME.length; i++) {
      byte[] field = UTSNAME[i].getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(field, 0, out, i * UTS_FIELD, field.length);
    }
    k.memory.write(a[0], out);
    return 0;
  }

  static long getrlimit(Kernel k, CpuState cpu, long[] a) {
    long[] limit = limit(k, a[0]);
    k.memory.store64(a[1], limit[0]);
    k.memory.store64(a[1] + 8, limit[1]);
    return 0;
  }

  static long prlimit64(Kernel k, CpuState cpu, long[] a) {
    if ((int) a[0] != 0 && (int) a[0] != k.pid) {
      throw new SyscallError(Errno.ESRCH);
    }
    long[] limit = limit(k, a[1]);
    long[] fresh = null;
    if (a[2] != 0) {
      fresh = new long[] {k.memory.load64(a[2]), k.memory.load64(a[2] + 8)};
      if (Long.compareUnsigned(fresh[0], fresh[1]) > 0) {
        throw new SyscallError(Errno.EINVAL);
      }
    }
    if (a[3] != 0) {
      k.memory.store64(a[3], limit[0]);
      k.memory.store64(a[3] + 8, limit[1]);
    }
    if (fresh != null) {
      limit[0] = fresh[0];
      limit[1] = fresh[1];
    }
    return 0;
  }

  private static long[] limit(Kernel k, long resource) {
    if (resource < 0 || resource >= k.rlimits.length) {
      throw new SyscallError(Errno.EINVAL);
    }
    return k.rlimits[(int) resource];
  }

  static long prctl(Kernel k, CpuState cpu, long[] a) {
    switch ((int) a[0]) {
      case LinuxFlags.PR_SET_NAME -> {
        byte[] name = k.memory.readCString(a[1], 15);
        if (name == null) {
          name = k.memory.read(a[1], 15);
        }
        k.comm = new String(name, StandardCharsets.UTF_8);
        return 0;
      }
      case LinuxFlags.PR_GET_NAME -> {
        byte[] out = new byte[16];
        byte[] name = k.comm.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, out, 0, Math.min(15, name.length));
        k.memory.write(a[1], out);
        return 0;
      }
      default -> throw new SyscallError(Errno.EINVAL);
    }
  }

  /** struct sysinfo on a 64-bit kernel: 112 bytes. Memory figures describe the guest space. */
  static long sysinfo(Kernel k, CpuState cpu, long[] a) {
    ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
    long total = k.memory.size();
    b.putLong(0, k.clock.monotonicNanos() / 1_000_000_000L);
    b.putLong(32, total);
    b.putLong(40, total - k.memory.mappedBytes());
    b.putShort(80, (short) 1);
    b.putInt(104, 1);
    k.memory.write(a[0], b.array());
    return 0;
  }
}
