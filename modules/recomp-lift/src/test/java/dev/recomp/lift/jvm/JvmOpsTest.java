package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The lazy condition tests generated code uses after a compare or a logical operation agree with
 * the packed NZCV definition ({@link JvmOps#holds} of {@link JvmOps#addFlags} / {@link
 * JvmOps#nzFlags}) for every condition, width and carry, including the overflow corners.
 */
class JvmOpsTest {
  @Provide
  Arbitrary<Long> operands() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(
            0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL));
  }

  @Provide
  Arbitrary<Integer> widths() {
    return Arbitraries.of(8, 16, 32, 64);
  }

  @Property(tries = 5000)
  void conditionAfterAddEqualsPackedFlags(
      @ForAll @IntRange(max = 15) int cond,
      @ForAll("widths") int bits,
      @ForAll("operands") long a,
      @ForAll("operands") long b,
      @ForAll boolean carry) {
    long x = JvmOps.mask(a, bits);
    long y = JvmOps.mask(b, bits);
    long c = carry ? 1 : 0;
    assertEquals(
        JvmOps.holds(cond, JvmOps.addFlags(x, y, c, bits)),
        JvmOps.holdsAfterAdd(cond, x, y, c, bits),
        () -> String.format("cond %d bits %d a %x b %x carry %d", cond, bits, x, y, c));
  }

  @Property(tries = 2000)
  void conditionAfterLogicEqualsPackedFlags(
      @ForAll @IntRange(max = 15) int cond,
      @ForAll("widths") int bits,
      @ForAll("operands") long result) {
    long r = JvmOps.mask(result, bits);
    assertEquals(
        JvmOps.holds(cond, JvmOps.nzFlags(r, bits)), JvmOps.holdsAfterLogic(cond, r, bits));
  }
}
