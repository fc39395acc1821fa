package dev.recomp.lift.internal.a64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.Op;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestMemory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Idioms lifted as one ({@link Fusions}) leave the state their instructions lifted one by one
 * leave, and are found only where all their words fit. (The qemu goldens check the same runs
 * against the oracle: LiftGoldenTest replays them lifted in whole blocks, which fuses them.)
 */
class FusionsTest {
  private static final A64Lifter LIFTER = A64Lifter.standard();
  private static final long PC = 0x1000;
  private static final int RET = 0xd65f03c0;

  /**
   * uminp vd.16b, vn.16b, vm.16b; uminp vd.16b, vd.16b, vd.16b; cmeq vd.8b, vd.8b, #0; fmov xt, dd
   */
  private static int[] zeroGroups(int n, int m, int d, int t) {
    return new int[] {
      0x6e20ac00 | m << 16 | n << 5 | d,
      0x6e20ac00 | d << 16 | d << 5 | d,
      0x0e209800 | d << 5 | d,
      0x9e660000 | d << 5 | t
    };
  }

  @Provide
  Arbitrary<Long> words() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(0L, -1L, 0x0100_0000_0000_0001L, 0x8000_0080_0000_8000L),
        Arbitraries.longs().map(x -> x & 0x0101_0101_0101_0101L),
        Arbitraries.longs().map(x -> x & 0x8080_0303_0000_ff01L));
  }

  @Property(tries = 2000)
  void theFusedRunLeavesTheStateOfItsInstructions(
      @ForAll @IntRange(max = 3) int n,
      @ForAll @IntRange(max = 3) int m,
      @ForAll @IntRange(max = 3) int d,
      @ForAll @IntRange(max = 31) int t,
      @ForAll("words") long n0,
      @ForAll("words") long n1,
      @ForAll("words") long m0,
      @ForAll("words") long m1) {
    int[] run = zeroGroups(n, m, d, t);
    CpuState fused = state(n, n0, n1, m, m0, m1);
    CpuState single = state(n, n0, n1, m, m0, m1);
    try (GuestMemory memory = GuestMemory.reserve(1 << 16)) {
      Block block = LIFTER.liftBlock(PC, at -> run[(int) (at - PC) / 4], run.length);
      assertEquals(run.length, insnStarts(block), "every instruction counts");
      new IrInterpreter(fused, memory).execute(block);
      for (int k = 0; k < run.length; k++) {
        single.pc = PC + 4L * k;
        new IrInterpreter(single, memory).execute(LIFTER.liftInstruction(PC + 4L * k, run[k]));
      }
    }
    assertArrayEquals(single.v, fused.v, "V registers");
    assertArrayEquals(single.x, fused.x, "X registers");
  }

  @Test
  void aRunThatBreaksOffIsNotFused() {
    int[] run = zeroGroups(1, 2, 0, 3);
    for (int k = 1; k < run.length; k++) {
      int[] broken = run.clone();
      broken[k] ^= 1 << 5; // another source register
      assertEquals(0, Fusions.lift(new BlockBuilder(PC), PC, i -> broken[i], 4), "word " + k);
    }
    assertEquals(4, Fusions.lift(new BlockBuilder(PC), PC, i -> run[i], 4));
    assertEquals(0, Fusions.lift(new BlockBuilder(PC), PC, i -> run[i], 3), "no room");
  }

  /** The matcher stops at a word that does not fit, as lifting one by one stops after a RET. */
  @Test
  void noWordPastOneThatDoesNotFitIsRead() {
    int first = zeroGroups(1, 2, 0, 3)[0];
    int[] code = {first, RET};
    assertEquals(
        0,
        Fusions.lift(
            new BlockBuilder(PC),
            PC,
            i -> {
              if (i >= code.length) {
                throw new AssertionError("read word " + i);
              }
              return code[i];
            },
            4));
  }

  private static long insnStarts(Block block) {
    return block.ops().stream().filter(op -> op instanceof Op.InsnStart).count();
  }

  private static CpuState state(int rn, long n0, long n1, int rm, long m0, long m1) {
    CpuState cpu = new CpuState();
    for (int i = 0; i < cpu.v.length; i++) {
      cpu.v[i] = 0x5555_5555_5555_5555L * (i + 1);
    }
    cpu.x[3] = 0x1234;
    cpu.v[2 * rm] = m0;
    cpu.v[2 * rm + 1] = m1;
    cpu.v[2 * rn] = n0;
    cpu.v[2 * rn + 1] = n1;
    cpu.pc = PC;
    return cpu;
  }
}
