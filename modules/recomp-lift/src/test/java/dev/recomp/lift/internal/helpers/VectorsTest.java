package dev.recomp.lift.internal.helpers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The whole-word (SWAR) forms of the lane operations agree with the operations applied lane by
 * lane. Operands are drawn to hit equal lanes, lanes with the top bit set and carries across lane
 * boundaries. The instructions themselves are checked against qemu by {@code LiftGoldenTest}.
 */
class VectorsTest {
  @Provide
  Arbitrary<Long> words() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(
            0L, -1L, 0x8080_8080_8080_8080L, 0x7f7f_7f7f_7f7f_7f7fL, 0x0100_ff00_8000_7fffL),
        Arbitraries.longs().map(x -> x & 0x0101_0101_0101_0101L));
  }

  @Provide
  Arbitrary<Integer> esizes() {
    return Arbitraries.of(8, 16, 32, 64);
  }

  @Provide
  Arbitrary<Integer> ops() {
    return Arbitraries.of(
        Vectors.ADD,
        Vectors.SUB,
        Vectors.MUL,
        Vectors.CMEQ,
        Vectors.CMTST,
        Vectors.CMHS,
        Vectors.CMHI,
        Vectors.CMGE,
        Vectors.CMGT,
        Vectors.UMAX,
        Vectors.UMIN,
        Vectors.SMAX,
        Vectors.SMIN);
  }

  @Property(tries = 3000)
  void wholeWordEqualsLaneByLane(
      @ForAll("ops") int op,
      @ForAll("esizes") int esize,
      @ForAll("words") long a,
      @ForAll("words") long b) {
    assertEquals(
        Vectors.laneWise(op, esize, a, b),
        Vectors.binaryWord(op, esize, a, b),
        () -> String.format("op %d esize %d a %016x b %016x", op, esize, a, b));
    assertEquals(
        Vectors.laneWise(op, esize, a, a),
        Vectors.binaryWord(op, esize, a, a),
        () -> String.format("op %d esize %d a = b = %016x", op, esize, a));
  }

  /** ADDP/UMAXP...: element i of the result is op(element 2i, element 2i+1) of b:a. */
  @Property(tries = 2000)
  void pairwiseCombinesAdjacentLanesOfTheConcatenation(
      @ForAll("ops") int op,
      @ForAll("esizes") int esize,
      @ForAll boolean full,
      @ForAll("words") long alo,
      @ForAll("words") long ahi,
      @ForAll("words") long blo,
      @ForAll("words") long bhi) {
    int datasize = full ? 128 : 64;
    if (esize == 64 && !full) {
      return;
    }
    long[] concat = full ? new long[] {alo, ahi, blo, bhi} : new long[] {alo, blo};
    int lanes = datasize / esize;
    long[] expected = new long[2];
    for (int i = 0; i < lanes; i++) {
      long x = lane(concat, esize, 2 * i);
      long y = lane(concat, esize, 2 * i + 1);
      long r = Vectors.laneWise(op, esize, x, y) & mask(esize);
      expected[i * esize / 64] |= r << ((i * esize) % 64);
    }
    long[] out = new long[1];
    long lo = Vectors.vecPairwise(op, esize, datasize, alo, ahi, blo, bhi, out);
    assertEquals(expected[0], lo, "low half");
    assertEquals(expected[1], out[0], "high half");
  }

  private static long lane(long[] words, int esize, int i) {
    int bit = i * esize;
    return (words[bit / 64] >>> (bit % 64)) & mask(esize);
  }

  private static long mask(int esize) {
    return esize == 64 ? -1L : (1L << esize) - 1;
  }
}
