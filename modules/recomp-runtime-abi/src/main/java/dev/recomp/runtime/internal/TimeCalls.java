package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;

/** Clocks, sleeping and entropy. */
final class TimeCalls {
  private static final long NANOS = 1_000_000_000L;
  private static final int CLOCK_REALTIME = 0;
  private static final int CLOCK_REALTIME_COARSE = 5;
  private static final int CLOCK_TAI = 11;
  private static final int TIMER_ABSTIME = 1;
  private static final int GETRANDOM_FLAGS = 0x7;
  private static final int GETRANDOM_MAX = 1 << 25;

  private TimeCalls() {}

  private static long now(Kernel k, long clockId) {
    int id = (int) clockId;
    if (id < 0 || id > CLOCK_TAI) {
      throw new SyscallError(Errno.EINVAL);
    }
    return id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE || id == CLOCK_TAI
        ? k.clock.realtimeNanos()
        : k.clock.monotonicNanos();
  }

  static long clockGettime(Kernel k, CpuState cpu, long[] a) {
    long t = now(k, a[0]);
    k.memory.store64(a[1], t / NANOS);
    k.memory.store64(a[1] + 8, t % NANOS);
    return 0;
  }

  static long clockGetres(Kernel k, CpuState cpu, long[] a) {
    now(k, a[0]);
    if (a[1] != 0) {
      k.memory.store64(a[1], 0);
      k.memory.store64(a[1] + 8, 1);
    }
    return 0;
  }

  static long gettimeofday(Kernel k, CpuState cpu, long[] a) {
    if (a[0] != 0) {
      long t = k.clock.realtimeNanos();
      k.memory.store64(a[0], t / NANOS);
      k.memory.store64(a[0] + 8, (t % NANOS) / 1000);
    }
    if (a[1] != 0) {
      k.memory.store64(a[1], 0);
    }
    return 0;
  }

  static long nanosleep(Kernel k, CpuState cpu, long[] a) throws InterruptedException {
    k.sleep(cpu, timespecNanos(k, a[0]));
    return 0;
  }

  static long clockNanosleep(Kernel k, CpuState cpu, long[] a) throws InterruptedException {
    long nanos = timespecNanos(k, a[2]);
    if ((a[1] & TIMER_ABSTIME) != 0) {
      nanos -= now(k, a[0]);
    } else {
      now(k, a[0]);
    }
    if (nanos > 0) {
      k.sleep(cpu, nanos);
    }
    return 0;
  }

  /** A struct timespec (s64 seconds, s64 nanoseconds) as nanoseconds; EINVAL if malformed. */
  static long timespecNanos(Kernel k, long address) {
    long seconds = k.memory.load64(address);
    long nanos = k.memory.load64(address + 8);
    if (seconds < 0 || nanos < 0 || nanos >= NANOS) {
      throw new SyscallError(Errno.EINVAL);
    }
    return seconds > Long.MAX_VALUE / NANOS ? Long.MAX_VALUE : seconds * NANOS + nanos;
  }

  static long getrandom(Kernel k, CpuState cpu, long[] a) {
    if ((a[2] & ~GETRANDOM_FLAGS) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    int n = (int) Math.min(a[1], GETRANDOM_MAX);
    if (n < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    byte[] bytes = new byte[n];
    k.memory.check(a[0], n, dev.recomp.runtime.AccessKind.WRITE);
    k.random.fill(bytes);
    k.memory.write(a[0], bytes);
    return n;
  }
}
