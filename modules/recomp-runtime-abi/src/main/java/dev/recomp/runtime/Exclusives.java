package dev.recomp.runtime;

/**
 * Load-exclusive / store-exclusive (LDXR/STXR, LDAXR/STLXR, LDXP/STXP) on {@link CpuState}'s local
 * monitor, for the interpreter and compiled code alike. A store-exclusive succeeds when the monitor
 * is armed for the same address and size and memory still holds the value the load-exclusive read;
 * the store is then a compare-and-exchange, so it is atomic against other guest threads for every
 * size up to 64 bits (bytes and halfwords through their enclosing aligned word). A load-exclusive
 * must be naturally aligned, anything else faults with {@link GuestFault.Cause#ALIGNMENT} as on
 * AArch64, so a store-exclusive can only succeed at an aligned address.
 */
public final class Exclusives {
  /** The status STXR writes on success. */
  public static final long SUCCESS = 0;

  /** The status STXR writes on failure. */
  public static final long FAILURE = 1;

  private Exclusives() {}

  /**
   * A load-exclusive of {@code size} bytes (1, 2, 4, 8, or 16 for a pair of 64-bit registers; a
   * pair of 32-bit registers is one 8-byte access): reads the value and arms the monitor for it.
   * Returns the low 64 bits, zero-extended; a 16-byte access leaves its high half in {@code
   * high[0]}.
   *
   * @throws GuestFault unaligned ({@link GuestFault.Cause#ALIGNMENT}) or unreadable
   */
  public static long load(GuestMemory memory, CpuState cpu, long address, int size, long[] high) {
    GuestMemory.aligned(address, size, AccessKind.READ);
    long lo;
    long hi = 0;
    switch (size) {
      case 1 -> lo = memory.load8(address);
      case 2 -> lo = memory.load16(address);
      case 4 -> lo = memory.load32(address);
      case 8 -> lo = memory.load64(address);
      default -> {
        long[] pair = new long[2];
        memory.load128(address, pair, 0);
        lo = pair[0];
        hi = pair[1];
        high[0] = hi;
      }
    }
    cpu.exclusiveAddress = address;
    cpu.exclusiveSize = size;
    cpu.exclusiveValue = lo;
    cpu.exclusiveValueHigh = hi;
    return lo;
  }

  /**
   * A store-exclusive of {@code size} bytes of {@code lo} (and {@code hi} for 16): stores if the
   * monitor is armed for this address and size and memory still holds what the load-exclusive read
   * (see {@link #commit}). Returns {@link #SUCCESS} or {@link #FAILURE} and always clears the
   * monitor. A store to an address the monitor does not hold fails without touching memory, so
   * without alignment or permission checks, as qemu and the local-monitor model do.
   *
   * @throws GuestFault for an armed store to memory that is not writable
   */
  public static long store(
      GuestMemory memory, CpuState cpu, long address, int size, long lo, long hi) {
    boolean armed = cpu.exclusiveAddress == address && cpu.exclusiveSize == size;
    cpu.clearExclusive();
    if (!armed) {
      return FAILURE;
    }
    memory.check(address, size, AccessKind.WRITE);
    return commit(memory, address, size, cpu.exclusiveValue, cpu.exclusiveValueHigh, lo, hi)
        ? SUCCESS
        : FAILURE;
  }

  /**
   * The write of an armed store-exclusive of {@code size} bytes (1, 2, 4, 8 or 16): it happens only
   * if memory still holds what the load-exclusive read ({@code expected}, {@code expectedHigh} for
   * 16 bytes), as one compare-and-exchange, so two guest threads racing through LDXR/STXR cannot
   * both succeed. The 16-byte form compares and writes its halves one after the other.
   *
   * @return whether the store happened
   */
  private static boolean commit(
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
      case 1, 2 -> storeNarrow(memory, address, size, expected, value);
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

  private static boolean storeNarrow(
      GuestMemory memory, long address, int size, long expected, long value) {
    long word = address & ~3L;
    int shift = (int) (address - word) * 8;
    long mask = (size == 1 ? 0xffL : 0xffffL) << shift;
    long current = memory.load32(word);
    if (((current & mask) >>> shift) != expected) {
      return false;
    }
    long updated = (current & ~mask) | ((value << shift) & mask);
    return memory.compareAndExchange32(word, current, updated) == current;
  }
}
