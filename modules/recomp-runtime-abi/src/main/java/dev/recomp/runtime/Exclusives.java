package dev.recomp.runtime;

/**
 * Load-exclusive / store-exclusive (LDXR/STXR, LDAXR/STLXR, LDXP/STXP) on {@link CpuState}'s local
 * monitor. A store-exclusive succeeds when the monitor is armed for the same address and size and
 * memory still holds the value the load-exclusive read; the store is then a compare-and-exchange,
 * so it is atomic against other guest threads for every size up to 64 bits (bytes and halfwords
 * through their enclosing aligned word). Exclusives must be naturally aligned: anything else faults
 * with {@link GuestFault.Cause#ALIGNMENT}, as on AArch64.
 */
public final class Exclusives {
  /** The status STXR writes on success. */
  public static final long SUCCESS = 0;

  /** The status STXR writes on failure. */
  public static final long FAILURE = 1;

  private Exclusives() {}

  /** LDXR of {@code size} bytes (1, 2, 4, 8): reads, zero-extended, and arms the monitor. */
  public static long load(GuestMemory memory, CpuState cpu, long address, int size) {
    aligned(address, size, AccessKind.READ);
    long value =
        switch (size) {
          case 1 -> memory.load8(address);
          case 2 -> memory.load16(address);
          case 4 -> memory.load32(address);
          default -> memory.load64(address);
        };
    cpu.exclusiveAddress = address;
    cpu.exclusiveSize = size;
    cpu.exclusiveValue = value;
    return value;
  }

  /**
   * STXR of the low {@code size} bytes of {@code value}; returns {@link #SUCCESS} or {@link
   * #FAILURE} and always clears the monitor.
   */
  public static long store(GuestMemory memory, CpuState cpu, long address, int size, long value) {
    aligned(address, size, AccessKind.WRITE);
    memory.check(address, size, AccessKind.WRITE);
    boolean armed = cpu.exclusiveAddress == address && cpu.exclusiveSize == size;
    long expected = cpu.exclusiveValue;
    cpu.clearExclusive();
    if (!armed) {
      return FAILURE;
    }
    return switch (size) {
      case 8 ->
          memory.compareAndExchange64(address, expected, value) == expected ? SUCCESS : FAILURE;
      case 4 ->
          memory.compareAndExchange32(address, expected, value) == (expected & 0xffffffffL)
              ? SUCCESS
              : FAILURE;
      default -> storeNarrow(memory, address, size, expected, value);
    };
  }

  /**
   * The write of an armed store-exclusive of {@code size} bytes (1, 2, 4, 8 or 16): it happens only
   * if memory still holds what the load-exclusive read ({@code expected}, {@code expectedHigh} for
   * 16 bytes), as one compare-and-exchange, so two guest threads racing through LDXR/STXR cannot
   * both succeed. The 16-byte form compares and writes its halves one after the other.
   *
   * @return whether the store happened
   */
  public static boolean commit(
      GuestMemory memory,
      long address,
      int size,
      long expected,
      long expectedHigh,
      long value,
      long valueHigh) {
    return switch (size) {
      case 8 -> memory.compareAndExchange64(address, expected, value) == expected;
      case 4 -> memory.compareAndExchange32(address, expected, value) == (expected & 0xffffffffL);
      case 1, 2 -> storeNarrow(memory, address, size, expected, value) == SUCCESS;
      default -> {
        if (memory.load64(address + 8) != expectedHigh
            || memory.compareAndExchange64(address, expected, value) != expected) {
          yield false;
        }
        memory.store64(address + 8, valueHigh);
        yield true;
      }
    };
  }

  private static long storeNarrow(
      GuestMemory memory, long address, int size, long expected, long value) {
    long word = address & ~3L;
    int shift = (int) (address - word) * 8;
    long mask = (size == 1 ? 0xffL : 0xffffL) << shift;
    long current = memory.load32(word);
    if (((current & mask) >>> shift) != expected) {
      return FAILURE;
    }
    long updated = (current & ~mask) | ((value << shift) & mask);
    return memory.compareAndExchange32(word, current, updated) == current ? SUCCESS : FAILURE;
  }

  /**
   * LDXP of two {@code size}-byte registers (4 or 8) into {@code pair[0]} and {@code pair[1]}; the
   * access must be aligned to {@code 2 * size}.
   */
  public static void loadPair(
      GuestMemory memory, CpuState cpu, long address, int size, long[] pair) {
    aligned(address, 2 * size, AccessKind.READ);
    if (size == 4) {
      long both = memory.load64(address);
      pair[0] = both & 0xffffffffL;
      pair[1] = both >>> 32;
      cpu.exclusiveValue = both;
    } else {
      long[] v = new long[2];
      memory.load128(address, v, 0);
      pair[0] = v[0];
      pair[1] = v[1];
      cpu.exclusiveValue = v[0];
      cpu.exclusiveValueHigh = v[1];
    }
    cpu.exclusiveAddress = address;
    cpu.exclusiveSize = 2 * size;
  }

  /**
   * STXP of {@code first} and {@code second} ({@code size} 4 or 8 bytes each). For 64-bit registers
   * the two halves are compared and written one after the other, which is atomic only against this
   * thread.
   */
  public static long storePair(
      GuestMemory memory, CpuState cpu, long address, int size, long first, long second) {
    aligned(address, 2 * size, AccessKind.WRITE);
    memory.check(address, 2L * size, AccessKind.WRITE);
    boolean armed = cpu.exclusiveAddress == address && cpu.exclusiveSize == 2 * size;
    long expectedLow = cpu.exclusiveValue;
    long expectedHigh = cpu.exclusiveValueHigh;
    cpu.clearExclusive();
    if (!armed) {
      return FAILURE;
    }
    if (size == 4) {
      long both = (first & 0xffffffffL) | (second << 32);
      return memory.compareAndExchange64(address, expectedLow, both) == expectedLow
          ? SUCCESS
          : FAILURE;
    }
    if (memory.load64(address) != expectedLow || memory.load64(address + 8) != expectedHigh) {
      return FAILURE;
    }
    memory.store128(address, first, second);
    return SUCCESS;
  }

  private static void aligned(long address, int size, AccessKind kind) {
    if ((address & (size - 1)) != 0) {
      throw new GuestFault(kind, GuestFault.Cause.ALIGNMENT, address, size);
    }
  }
}
