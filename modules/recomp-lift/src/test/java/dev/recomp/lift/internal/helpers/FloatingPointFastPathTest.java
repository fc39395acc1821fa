package dev.recomp.lift.internal.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The host-arithmetic fast paths of the FP helpers give the same bits and the same FPSR as the
 * pseudocode's exact arithmetic (which the qemu goldens check), for both precisions: operands from
 * the whole range, moderate ones, near-ties and the edges (zeros, subnormals, infinities, NaNs).
 */
class FloatingPointFastPathTest {
  private static final long FZ = 1L << 24;

  @Provide
  Arbitrary<Long> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        // 53-bit mantissas scaled by 2^-80 .. 2^-17, either sign: moderate, and often close.
        Arbitraries.longs()
            .map(
                l ->
                    Double.doubleToRawLongBits(
                        Math.scalb((double) (l >> 11), (int) (l & 63) - 80))),
        Arbitraries.longs().between(-1000, 1000).map(l -> Double.doubleToRawLongBits(l * 0.25)),
        Arbitraries.of(
                0.0,
                -0.0,
                1.0,
                2.0,
                0.5,
                3.0,
                0x1p-900,
                0x1p900,
                0x1p-1022,
                0x1p-1074,
                1e308,
                Double.POSITIVE_INFINITY,
                Double.NaN,
                Double.MIN_NORMAL * 3)
            .map(Double::doubleToRawLongBits));
  }

  @Provide
  Arbitrary<Long> singles() {
    return Arbitraries.oneOf(
        Arbitraries.integers().map(i -> i & 0xffff_ffffL),
        Arbitraries.integers()
            .map(
                i ->
                    Float.floatToRawIntBits(Math.scalb((float) (i >> 8), (i & 31) - 40))
                        & 0xffff_ffffL),
        Arbitraries.integers()
            .between(-1000, 1000)
            .map(i -> Float.floatToRawIntBits(i * 0.25f) & 0xffff_ffffL),
        Arbitraries.of(0f, -0f, 1f, 2f, 0.5f, 0x1p-100f, 0x1p100f, 0x1p-126f, 0x1p-149f)
            .map(f -> Float.floatToRawIntBits(f) & 0xffff_ffffL));
  }

  @Provide
  Arbitrary<Long> fpcrs() {
    return Arbitraries.of(0L, FZ, 1L << 22, 3L << 22);
  }

  @Provide
  Arbitrary<Long> fpsrs() {
    return Arbitraries.of(
        0L, (long) FloatingPoint.IXC, (long) (FloatingPoint.IXC | FloatingPoint.UFC));
  }

  @Property(tries = 4000)
  void doublePrecision(
      @ForAll("doubles") long a,
      @ForAll("doubles") long b,
      @ForAll("doubles") long c,
      @ForAll("fpcrs") long fpcr,
      @ForAll("fpsrs") long fpsr) {
    same(64, a, b, c, fpcr, fpsr);
  }

  @Property(tries = 4000)
  void singlePrecision(
      @ForAll("singles") long a,
      @ForAll("singles") long b,
      @ForAll("singles") long c,
      @ForAll("fpcrs") long fpcr,
      @ForAll("fpsrs") long fpsr) {
    same(32, a, b, c, fpcr, fpsr);
  }

  /** FMLA.2D: both lanes and the FPSR as two exact fused multiply-adds in lane order. */
  @Property(tries = 3000)
  void vectorFusedMultiplyAdd(
      @ForAll("doubles") long dlo,
      @ForAll("doubles") long dhi,
      @ForAll("doubles") long alo,
      @ForAll("doubles") long ahi,
      @ForAll("doubles") long b,
      @ForAll("fpcrs") long fpcr,
      @ForAll("fpsrs") long fpsr) {
    long[] flags = {fpsr};
    long lo = FloatingPoint.mulAddExact(64, dlo, alo, b, fpcr, flags[0], flags);
    long hi = FloatingPoint.mulAddExact(64, dhi, ahi, b, fpcr, flags[0], flags);
    long[] out = new long[1];
    String what =
        String.format("d %x:%x a %x:%x b %x fpcr %x fpsr %x", dhi, dlo, ahi, alo, b, fpcr, fpsr);
    assertEquals(
        lo, FloatingPoint.vecFpMulAdd(64, 128, dlo, dhi, alo, ahi, b, b, fpcr, fpsr, out), what);
    assertEquals(hi, out[0], what);
    assertEquals(
        flags[0],
        FloatingPoint.vecFpMulAddStatus(64, 128, dlo, dhi, alo, ahi, b, b, fpcr, fpsr),
        what);
  }

  private static void same(int bits, long a, long b, long c, long fpcr, long fpsr) {
    String what =
        String.format("bits %d a %x b %x c %x fpcr %x fpsr %x", bits, a, b, c, fpcr, fpsr);
    long[] fast = new long[1];
    long[] exact = new long[1];
    for (int op = FloatingPoint.ADD; op <= FloatingPoint.MINNM; op++) {
      assertEquals(
          FloatingPoint.binaryExact(op, bits, a, b, fpcr, fpsr, exact),
          FloatingPoint.fpBinary(op, bits, a, b, fpcr, fpsr, fast),
          "op " + op + " " + what);
      assertEquals(exact[0], fast[0], "FPSR of op " + op + " " + what);
    }
    assertEquals(
        FloatingPoint.mulAddExact(bits, c, a, b, fpcr, fpsr, exact),
        FloatingPoint.fpMulAdd(bits, c, a, b, fpcr, fpsr, fast),
        "fma " + what);
    assertEquals(exact[0], fast[0], "FPSR of fma " + what);
    assertEquals(
        FloatingPoint.sqrtExact(bits, a, fpcr, fpsr, exact),
        FloatingPoint.fpSqrt(bits, a, fpcr, fpsr, fast),
        "sqrt " + what);
    assertEquals(exact[0], fast[0], "FPSR of sqrt " + what);
  }
}
