package dev.recomp.runtime.internal;

import java.time.Instant;

/**
 * The time the guest sees. Host mode reads the host clocks. Deterministic mode runs a virtual clock
 * that starts at a fixed instant and moves only when the guest looks at it (1 µs per read) or
 * sleeps (by the amount requested, without really sleeping), so the same run sees the same times
 * every time.
 */
abstract sealed class GuestClock {
  /** 2024-01-01T00:00:00Z, where deterministic runs start. */
  static final long VIRTUAL_EPOCH_SECONDS = 1_704_067_200L;

  abstract long realtimeNanos();

  abstract long monotonicNanos();

  abstract void sleep(long nanos) throws InterruptedException;

  static GuestClock of(boolean deterministic) {
    return deterministic ? new Virtual() : new Host();
  }

  static final class Host extends GuestClock {
    private final long origin = System.nanoTime();

    @Override
    long realtimeNanos() {
      Instant now = Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    long monotonicNanos() {
      return System.nanoTime() - origin + 1_000_000_000L;
    }

    @Override
    void sleep(long nanos) throws InterruptedException {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }

  static final class Virtual extends GuestClock {
    private static final long TICK = 1_000;
    private long elapsed;

    @Override
    long realtimeNanos() {
      elapsed += TICK;
      return VIRTUAL_EPOCH_SECONDS * 1_000_000_000L + elapsed;
    }

    @Override
    long monotonicNanos() {
      elapsed += TICK;
      return 1_000_000_000L + elapsed;
    }

    @Override
    void sleep(long nanos) {
      elapsed += nanos;
    }
  }
}
