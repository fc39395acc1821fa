package dev.recomp.lift.internal.a64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.internal.helpers.Vectors;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestMemory;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The lane operations lifted as plain IR ({@link LaneWords}) agree with the {@link Vectors} helpers
 * they replaced, which the qemu goldens checked: each instruction is lifted, run in the IR
 * interpreter and compared with the helper on the same registers. Registers are drawn to hit equal
 * lanes, sign bits and Vd = Vn = Vm.
 */
class LaneWordsTest {
  private static final A64Lifter LIFTER = A64Lifter.standard();
  private static final long PC = 0x1000;

  /** U:opcode of the three-same encodings to the helper's operation. */
  private static final Map<Integer, Integer> THREE_SAME =
      Map.ofEntries(
          Map.entry(0b0_10000, Vectors.ADD),
          Map.entry(0b1_10000, Vectors.SUB),
          Map.entry(0b1_10001, Vectors.CMEQ),
          Map.entry(0b0_10001, Vectors.CMTST),
          Map.entry(0b1_00111, Vectors.CMHS),
          Map.entry(0b1_00110, Vectors.CMHI),
          Map.entry(0b0_00111, Vectors.CMGE),
          Map.entry(0b0_00110, Vectors.CMGT),
          Map.entry(0b1_01100, Vectors.UMAX),
          Map.entry(0b1_01101, Vectors.UMIN),
          Map.entry(0b0_01100, Vectors.SMAX),
          Map.entry(0b0_01101, Vectors.SMIN));

  /** U:opcode of the pairwise encodings to the helper's operation. */
  private static final Map<Integer, Integer> PAIRWISE =
      Map.of(
          0b0_10111, Vectors.ADD,
          0b1_10100, Vectors.UMAX,
          0b1_10101, Vectors.UMIN,
          0b0_10100, Vectors.SMAX,
          0b0_10101, Vectors.SMIN);

  /** U:opcode of the compares against zero to the helper's compare and whether it swaps. */
  private record ZeroCompare(int op, boolean swap) {}

  private static final Map<Integer, ZeroCompare> ZERO =
      Map.of(
          0b0_01000, new ZeroCompare(Vectors.CMGT, false),
          0b0_01001, new ZeroCompare(Vectors.CMEQ, false),
          0b0_01010, new ZeroCompare(Vectors.CMGT, true),
          0b1_01000, new ZeroCompare(Vectors.CMGE, false),
          0b1_01001, new ZeroCompare(Vectors.CMGE, true));

  @Provide
  Arbitrary<Long> words() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.of(0L, -1L, 0x8080_8080_8080_8080L, 0x7fff_0001_8000_00ffL),
        Arbitraries.longs().map(x -> x & 0x8181_8181_8181_8181L),
        Arbitraries.longs().map(x -> x & 0x0303_0303_0303_0303L));
  }

  @Provide
  Arbitrary<Integer> threeSame() {
    return Arbitraries.of(THREE_SAME.keySet());
  }

  @Provide
  Arbitrary<Integer> pairwise() {
    return Arbitraries.of(PAIRWISE.keySet());
  }

  @Provide
  Arbitrary<Integer> zero() {
    return Arbitraries.of(ZERO.keySet());
  }

  @Property(tries = 2000)
  void threeSameMatchesTheHelper(
      @ForAll("threeSame") int uOpcode,
      @ForAll @IntRange(max = 3) int sizeDraw,
      @ForAll boolean q,
      @ForAll @IntRange(max = 2) int rn,
      @ForAll @IntRange(max = 2) int rm,
      @ForAll("words") long n0,
      @ForAll("words") long n1,
      @ForAll("words") long m0,
      @ForAll("words") long m1) {
    int op = THREE_SAME.get(uOpcode);
    // Max and min have no 64-bit lanes.
    int size = op >= Vectors.UMAX && op <= Vectors.SMIN ? Math.min(sizeDraw, 2) : sizeDraw;
    boolean wide = q || size == 3;
    int word = vector(wide, uOpcode >>> 5, size, rm, uOpcode & 0x1f, rn, 3) | 1 << 21 | 1 << 10;
    CpuState cpu = state(rn, n0, n1, rm, m0, m1);
    long[] out = new long[1];
    long a1 = cpu.v[2 * rn + 1];
    long b1 = cpu.v[2 * rm + 1];
    long lo = Vectors.vecBinary(op, 8 << size, cpu.v[2 * rn], a1, cpu.v[2 * rm], b1, out);
    assertLifted(word, cpu, lo, wide ? out[0] : 0);
  }

  @Property(tries = 1000)
  void compareZeroMatchesTheHelper(
      @ForAll("zero") int uOpcode,
      @ForAll @IntRange(max = 3) int size,
      @ForAll boolean q,
      @ForAll("words") long n0,
      @ForAll("words") long n1) {
    boolean wide = q || size == 3;
    int opcode = uOpcode & 0x1f;
    int word =
        vector(wide, uOpcode >>> 5, size, opcode >>> 4, (opcode & 0xf) << 1 | 1, 1, 3) | 1 << 21;
    CpuState cpu = state(1, n0, n1, 1, n0, n1);
    ZeroCompare c = ZERO.get(uOpcode);
    long[] out = new long[1];
    long lo =
        c.swap()
            ? Vectors.vecBinary(c.op(), 8 << size, 0, 0, n0, n1, out)
            : Vectors.vecBinary(c.op(), 8 << size, n0, n1, 0, 0, out);
    assertLifted(word, cpu, lo, wide ? out[0] : 0);
  }

  @Property(tries = 2000)
  void pairwiseMatchesTheHelper(
      @ForAll("pairwise") int uOpcode,
      @ForAll @IntRange(max = 3) int size,
      @ForAll boolean q,
      @ForAll @IntRange(max = 2) int rn,
      @ForAll @IntRange(max = 2) int rm,
      @ForAll("words") long n0,
      @ForAll("words") long n1,
      @ForAll("words") long m0,
      @ForAll("words") long m1) {
    int op = PAIRWISE.get(uOpcode);
    int esize = op == Vectors.ADD ? 8 << size : 8 << Math.min(size, 2);
    boolean wide = q || esize == 64;
    int word =
        vector(
                wide,
                uOpcode >>> 5,
                Integer.numberOfTrailingZeros(esize) - 3,
                rm,
                uOpcode & 0x1f,
                rn,
                3)
            | 1 << 21
            | 1 << 10;
    CpuState cpu = state(rn, n0, n1, rm, m0, m1);
    long[] out = new long[1];
    long lo =
        Vectors.vecPairwise(
            op,
            esize,
            wide ? 128 : 64,
            cpu.v[2 * rn],
            cpu.v[2 * rn + 1],
            cpu.v[2 * rm],
            cpu.v[2 * rm + 1],
            out);
    assertLifted(word, cpu, lo, out[0]);
  }

  @Property(tries = 1000)
  void narrowMatchesTheHelper(
      @ForAll @IntRange(max = 2) int size,
      @ForAll @IntRange(min = 0, max = 64) int shiftDraw,
      @ForAll boolean upper,
      @ForAll("words") long n0,
      @ForAll("words") long n1,
      @ForAll("words") long d0) {
    int esize = 8 << size;
    int shift = shiftDraw % (esize + 1);
    int word;
    long part;
    if (shift == 0) {
      word = vector(upper, 0, size, 0b00001, 0b00101, 1, 3) | 1 << 21;
      part = Vectors.vecNarrow(Vectors.XTN, esize, 0, n0, n1);
    } else {
      int immhb = 2 * esize - shift;
      word = (upper ? 1 << 30 : 0) | 0b011110 << 23 | immhb << 16 | 0b100001 << 10 | 1 << 5 | 3;
      part = Vectors.vecNarrow(Vectors.SHRN, esize, shift, n0, n1);
    }
    CpuState cpu = state(1, n0, n1, 1, n0, n1);
    cpu.v[6] = d0;
    assertLifted(word, cpu, upper ? d0 : part, upper ? part : 0);
  }

  /** An AdvSIMD vector encoding: Q, U, size, bits 20-16, bits 15-11, Rn, Rd. */
  private static int vector(boolean q, int u, int size, int b16, int b11, int rn, int rd) {
    return (q ? 1 << 30 : 0)
        | u << 29
        | 0b01110 << 24
        | size << 22
        | b16 << 16
        | b11 << 11
        | rn << 5
        | rd;
  }

  private static CpuState state(int rn, long n0, long n1, int rm, long m0, long m1) {
    CpuState cpu = new CpuState();
    cpu.v[2 * rm] = m0;
    cpu.v[2 * rm + 1] = m1;
    cpu.v[2 * rn] = n0;
    cpu.v[2 * rn + 1] = n1;
    cpu.v[6] = 0x5555_5555_5555_5555L;
    cpu.v[7] = 0xaaaa_aaaa_aaaa_aaaaL;
    cpu.pc = PC;
    return cpu;
  }

  /** Runs {@code word} and expects V3 = {@code hi:lo}. */
  private static void assertLifted(int word, CpuState cpu, long lo, long hi) {
    try (GuestMemory memory = GuestMemory.reserve(1 << 16)) {
      new IrInterpreter(cpu, memory).execute(LIFTER.liftInstruction(PC, word));
    }
    String what = String.format("%08x", word);
    assertEquals(lo, cpu.v[6], () -> what + " low half");
    assertEquals(hi, cpu.v[7], () -> what + " high half");
  }
}
