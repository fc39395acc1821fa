package dev.recomp.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Measures the guest memory hot path against a bare {@link MemorySegment} access on the same
 * reservation. Run with {@code scripts/bench-guest-memory.sh}; prints the median ns per access of
 * several rounds for each variant. Not a test: timings on a shared machine are noisy.
 */
public final class GuestMemoryBenchmark {
  private static final ValueLayout.OfLong LE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final long BASE = 0x400000;
  private static final int WORDS = 1 << 17; // 1 MiB of longs
  private static final int ROUNDS = 7;
  private static final int PASSES = 64;

  private GuestMemoryBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) {
    try (GuestMemory memory = GuestMemory.reserve(4L << 30)) {
      memory.map(BASE, WORDS * 8L, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      MemorySegment raw = memory.segment();
      report("raw segment store+load", () -> rawPass(raw));
      report("GuestMemory store64+load64", () -> guestPass(memory));
      report("GuestMemory store32+load32 unaligned", () -> guestUnalignedPass(memory));
    }
  }

  private static long rawPass(MemorySegment raw) {
    long sum = 0;
    for (int p = 0; p < PASSES; p++) {
      for (long a = BASE; a < BASE + WORDS * 8L; a += 8) {
        raw.set(LE64, a, a + p);
        sum += raw.get(LE64, a);
      }
    }
    return sum;
  }

  private static long guestPass(GuestMemory memory) {
    long sum = 0;
    for (int p = 0; p < PASSES; p++) {
      for (long a = BASE; a < BASE + WORDS * 8L; a += 8) {
        memory.store64(a, a + p);
        sum += memory.load64(a);
      }
    }
    return sum;
  }

  private static long guestUnalignedPass(GuestMemory memory) {
    long sum = 0;
    for (int p = 0; p < PASSES; p++) {
      for (long a = BASE + 1; a < BASE + WORDS * 8L - 8; a += 8) {
        memory.store32(a, a + p);
        sum += memory.load32(a);
      }
    }
    return sum;
  }

  private static void report(String name, java.util.function.LongSupplier pass) {
    long sink = 0;
    for (int i = 0; i < 3; i++) {
      sink += pass.getAsLong();
    }
    double[] ns = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      sink += pass.getAsLong();
      ns[r] = (System.nanoTime() - t0) / (2.0 * WORDS * PASSES);
    }
    Arrays.sort(ns);
    System.out.printf(
        "%-40s %6.3f ns/access (median of %d)   [%d]%n", name, ns[ROUNDS / 2], ROUNDS, sink & 1);
  }
}
