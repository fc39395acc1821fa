package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;
import java.util.random.RandomGenerator;

/**
 * Random register states that mix uniform bits with the values instructions get wrong: zero, all
 * ones, sign boundaries, carries, small counts, addresses inside the oracle's scratch window, and
 * (in vector registers) the awkward floating-point values; FPCR gets random rounding modes, FZ, DN
 * and AHP, FPSR sometimes starts with flags set.
 */
public final class StateGenerator {
  private static final long[] INTEGERS = {
    0,
    1,
    2,
    -1,
    -2,
    0x7fff_ffff_ffff_ffffL,
    0x8000_0000_0000_0000L,
    0x8000_0000_0000_0001L,
    0x7fff_ffffL,
    0x8000_0000L,
    0xffff_ffffL,
    0x1_0000_0000L,
    0xffff_ffff_8000_0000L,
    63,
    64,
    31,
    32,
    0xff,
    0xffff,
    0x100,
    0x00ff_00ff_00ff_00ffL
  };

  private static final long[] DOUBLES = {
    0L,
    0x8000_0000_0000_0000L,
    1L,
    0x000f_ffff_ffff_ffffL,
    0x0010_0000_0000_0000L,
    0x7fef_ffff_ffff_ffffL,
    0x7ff0_0000_0000_0000L,
    0xfff0_0000_0000_0000L,
    0x7ff8_0000_0000_0000L,
    0x7ff0_0000_0000_0001L,
    0xfff8_0000_0000_0001L,
    0x3ff0_0000_0000_0000L,
    0x3ff0_0000_0000_0001L,
    0x3fe0_0000_0000_0000L,
    0x4330_0000_0000_0000L,
    0x43e0_0000_0000_0000L,
    0xc3e0_0000_0000_0000L,
    0x3fef_ffff_ffff_ffffL
  };

  private static final int[] FLOATS = {
    0,
    0x8000_0000,
    1,
    0x007f_ffff,
    0x0080_0000,
    0x7f7f_ffff,
    0x7f80_0000,
    0xff80_0000,
    0x7fc0_0000,
    0x7f80_0001,
    0xffc0_0001,
    0x3f80_0000,
    0x3f80_0001,
    0x3f00_0000,
    0x4b00_0000,
    0x4f00_0000,
    0xcf00_0000,
    0x3f7f_ffff
  };

  private final RandomGenerator random;

  public StateGenerator(RandomGenerator random) {
    this.random = random;
  }

  /** A fresh random state; SP and a few registers point into the scratch window. */
  public CpuState next() {
    CpuState s = new CpuState();
    for (int i = 0; i < 31; i++) {
      s.x[i] = integer();
    }
    s.sp = windowAddress() & ~0xfL;
    for (int i = 0; i < 64; i += 2) {
      vector(s.v, i);
    }
    s.nzcv = (long) random.nextInt(16) << 28;
    s.tpidrEl0 = integer();
    s.fpcr = random.nextInt(3) == 0 ? 0 : fpcr();
    s.fpsr = random.nextInt(4) == 0 ? random.nextInt(0x20) | (random.nextInt(2) << 7) : 0;
    return s;
  }

  /** A control register with random rounding mode, flush-to-zero, default-NaN and AHP bits. */
  private long fpcr() {
    return ((long) random.nextInt(4) << 22)
        | (random.nextBoolean() ? 1L << 24 : 0)
        | (random.nextBoolean() ? 1L << 25 : 0)
        | (random.nextInt(4) == 0 ? 1L << 26 : 0);
  }

  /** An address inside the scratch window, away from its ends so that offsets stay inside. */
  public long windowAddress() {
    return Oracle.WINDOW + 0x4000 + random.nextInt(Oracle.WINDOW_SIZE - 0x8000);
  }

  /** Points some registers into the window, as base registers of loads and stores need. */
  public void addressRegisters(CpuState s, int... registers) {
    for (int r : registers) {
      if (r < 31 && random.nextInt(8) != 0) {
        s.x[r] = random.nextInt(4) == 0 ? windowAddress() : windowAddress() & ~0xfL;
      }
    }
  }

  /**
   * The oracle's own image, heap and data live at [4 MiB, 16 MiB) in the qemu process; a base
   * register pointing there would read the oracle instead of faulting, so no value lands there.
   */
  public static boolean insideOracleImage(long v) {
    return v >= 0x40_0000L && v < 0x100_0000L;
  }

  private long integer() {
    long v;
    do {
      v = candidate();
    } while (insideOracleImage(v));
    return v;
  }

  private long candidate() {
    return switch (random.nextInt(4)) {
      case 0 -> INTEGERS[random.nextInt(INTEGERS.length)];
      case 1 -> INTEGERS[random.nextInt(INTEGERS.length)] + random.nextInt(-2, 3);
      case 2 -> random.nextLong() >>> random.nextInt(64);
      default -> random.nextLong();
    };
  }

  private void vector(long[] v, int i) {
    switch (random.nextInt(4)) {
      case 0 -> {
        v[i] = DOUBLES[random.nextInt(DOUBLES.length)];
        v[i + 1] = DOUBLES[random.nextInt(DOUBLES.length)];
      }
      case 1 -> {
        v[i] = floats();
        v[i + 1] = floats();
      }
      default -> {
        v[i] = random.nextLong();
        v[i + 1] = random.nextLong();
      }
    }
  }

  private long floats() {
    return Integer.toUnsignedLong(FLOATS[random.nextInt(FLOATS.length)])
        | ((long) FLOATS[random.nextInt(FLOATS.length)] << 32);
  }
}
