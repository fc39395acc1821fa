package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Cond;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.runtime.CpuState;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Conditions as the JVM backend compiles them agree with the packed NZCV definition ({@link
 * Cond#holds} of {@link JvmOps#addFlags} or {@link JvmOps#nzFlags}) for all sixteen conditions,
 * both widths, every carry and every operand form the lifter produces (CMP with a register or an
 * immediate, CMN, ADDS, ADCS and SBCS), and whichever way the condition is used: by a branch, by a
 * select, or as a value, once or twice. The whole run must also equal the IR interpreter's.
 */
class ConditionCodesTest {
  private static final long TAKEN = RandomProgram.MAIN + 0x100;
  private static final long NOT_TAKEN = RandomProgram.MAIN + 0x200;

  /** Registers that receive results: two per condition, the branch's, a twice-used condition's. */
  private static final int FIRST_RESULT = 2;

  private static final int BRANCH_RESULT = 18;
  private static final int SHARED_RESULT = 19;
  private static final int SHARED_RESULT_AGAIN = 20;

  /** How the second operand of AddWithCarry is built. */
  enum Operand {
    /** ADDS/CMN with a register. */
    REGISTER,
    /** SUBS/CMP with a register: NOT of the register, computed where used. */
    NOT_REGISTER,
    /** The same NOT also written to a register, so computed into a local of its own. */
    SHARED_NOT_REGISTER,
    /** SUBS/CMP with an immediate as the lifter builds it: NOT of a constant. */
    NOT_CONSTANT,
    /** A constant: CMN with an immediate, or an already inverted immediate with carry 1. */
    CONSTANT
  }

  /** The carry into AddWithCarry. */
  enum CarryIn {
    ZERO,
    ONE,
    /** ADCS and SBCS: C of the flags on entry. */
    FROM_FLAGS
  }

  @Provide
  Arbitrary<Long> operands() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-3, 3),
        Arbitraries.of(
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0x7fff_ffffL,
            0x8000_0000L,
            0xffff_ffffL,
            0x1_0000_0000L));
  }

  @Provide
  Arbitrary<Type> widths() {
    return Arbitraries.of(Type.I32, Type.I64);
  }

  /**
   * {@code b} is built from {@code a} and {@code delta} as {@code relation} says (a + delta, its
   * NOT, its negation, or delta alone), so that equal, adjacent and overflowing pairs are common.
   */
  @Property(tries = 1000)
  void conditionsAfterAddWithCarryMatchPackedFlags(
      @ForAll("widths") Type type,
      @ForAll("operands") long a,
      @ForAll("operands") long delta,
      @ForAll @IntRange(max = 3) int relation,
      @ForAll Operand form,
      @ForAll CarryIn carryIn,
      @ForAll boolean carryOnEntry,
      @ForAll @IntRange(max = 15) int branchCond,
      @ForAll @IntRange(max = 15) int sharedCond) {
    long b =
        switch (relation) {
          case 0 -> a + delta;
          case 1 -> ~(a + delta);
          case 2 -> -(a + delta);
          default -> delta;
        };
    int bits = type.bits();
    long x = JvmOps.mask(a, bits);
    long y =
        JvmOps.mask(
            switch (form) {
              case REGISTER, CONSTANT -> b;
              case NOT_REGISTER, SHARED_NOT_REGISTER, NOT_CONSTANT -> ~b;
            },
            bits);
    long carry =
        switch (carryIn) {
          case ZERO -> 0;
          case ONE -> 1;
          case FROM_FLAGS -> carryOnEntry ? 1 : 0;
        };
    long expected = JvmOps.addFlags(x, y, carry, bits);
    BlockBuilder block = new BlockBuilder(RandomProgram.MAIN);
    Value first = narrow(block, block.get(GuestReg.x(0)), type);
    Value second =
        switch (form) {
          case REGISTER -> narrow(block, block.get(GuestReg.x(1)), type);
          case NOT_REGISTER -> block.unary(UnOp.NOT, narrow(block, block.get(GuestReg.x(1)), type));
          case SHARED_NOT_REGISTER -> {
            Value not = block.unary(UnOp.NOT, narrow(block, block.get(GuestReg.x(1)), type));
            block.set(GuestReg.x(21), widen(block, not));
            yield not;
          }
          case NOT_CONSTANT -> block.unary(UnOp.NOT, BlockBuilder.constant(type, b));
          case CONSTANT -> BlockBuilder.constant(type, b);
        };
    Value carryValue =
        switch (carryIn) {
          case ZERO -> BlockBuilder.constant(Type.I1, 0);
          case ONE -> BlockBuilder.constant(Type.I1, 1);
          case FROM_FLAGS -> block.condHolds(Cond.CS, block.get(GuestReg.NZCV));
        };
    block.set(GuestReg.NZCV, block.addFlags(first, second, carryValue));
    CpuState entry = new CpuState();
    entry.x[0] = a;
    entry.x[1] = b;
    entry.nzcv = carryOnEntry ? CpuState.C : 0;
    check(block, entry, expected, branchCond, sharedCond);
  }

  @Property(tries = 300)
  void conditionsAfterLogicalResultMatchPackedFlags(
      @ForAll("widths") Type type,
      @ForAll("operands") long result,
      @ForAll @IntRange(max = 15) int branchCond,
      @ForAll @IntRange(max = 15) int sharedCond) {
    BlockBuilder block = new BlockBuilder(RandomProgram.MAIN);
    block.set(GuestReg.NZCV, block.nzFlags(narrow(block, block.get(GuestReg.x(0)), type)));
    CpuState entry = new CpuState();
    entry.x[0] = result;
    long expected = JvmOps.nzFlags(JvmOps.mask(result, type.bits()), type.bits());
    check(block, entry, expected, branchCond, sharedCond);
  }

  /** Flags that come packed from the CPU state, as in a block that did not set them. */
  @Property(tries = 100)
  void conditionsOnPackedFlagsMatchTheirDefinition(
      @ForAll @IntRange(max = 15) int nzcv,
      @ForAll @IntRange(max = 15) int branchCond,
      @ForAll @IntRange(max = 15) int sharedCond) {
    CpuState entry = new CpuState();
    entry.nzcv = (long) nzcv << 28;
    check(new BlockBuilder(RandomProgram.MAIN), entry, entry.nzcv, branchCond, sharedCond);
  }

  /**
   * Completes {@code block} (which set NZCV, or not) with every condition on NZCV, runs it compiled
   * and interpreted from {@code entry}, and checks each condition against {@code nzcv}.
   */
  private static void check(
      BlockBuilder block, CpuState entry, long nzcv, int branchCond, int sharedCond) {
    for (int cond = 0; cond < 16; cond++) {
      // One use in a select, one as a value: a two-bit result per condition.
      Value selected =
          block.select(
              block.condHolds(Cond.of(cond), block.get(GuestReg.NZCV)),
              BlockBuilder.constant(Type.I64, 1),
              BlockBuilder.constant(Type.I64, 0));
      Value asValue =
          block.convert(
              ConvOp.ZEXT, Type.I64, block.condHolds(Cond.of(cond), block.get(GuestReg.NZCV)));
      Value both =
          block.binary(
              BinOp.OR,
              selected,
              block.binary(BinOp.SHL, asValue, BlockBuilder.constant(Type.I64, 1)));
      block.set(GuestReg.x(FIRST_RESULT + cond), both);
    }
    Value shared = block.condHolds(Cond.of(sharedCond), block.get(GuestReg.NZCV));
    block.set(
        GuestReg.x(SHARED_RESULT),
        block.select(
            shared, BlockBuilder.constant(Type.I64, 1), BlockBuilder.constant(Type.I64, 0)));
    block.set(GuestReg.x(SHARED_RESULT_AGAIN), block.convert(ConvOp.ZEXT, Type.I64, shared));
    Value branch = block.condHolds(Cond.of(branchCond), block.get(GuestReg.NZCV));
    List<Block> blocks = new ArrayList<>();
    blocks.add(block.finish(Terminator.Branch.of(branch, TAKEN, NOT_TAKEN)));
    blocks.add(marker(TAKEN, 1));
    blocks.add(marker(NOT_TAKEN, 2));

    CpuState cpu = BackendDifferentialTest.runBothWays(blocks, c -> start(c, entry));
    long[] x = cpu.x;
    for (int cond = 0; cond < 16; cond++) {
      long holds = Cond.of(cond).holds((int) nzcv) ? 1 : 0;
      assertEquals(holds * 3, x[FIRST_RESULT + cond], Cond.of(cond) + " on " + flags(nzcv));
    }
    long sharedHolds = Cond.of(sharedCond).holds((int) nzcv) ? 1 : 0;
    assertEquals(sharedHolds, x[SHARED_RESULT], "twice-used " + Cond.of(sharedCond));
    assertEquals(sharedHolds, x[SHARED_RESULT_AGAIN], "twice-used " + Cond.of(sharedCond));
    assertEquals(
        Cond.of(branchCond).holds((int) nzcv) ? 1 : 2,
        x[BRANCH_RESULT],
        "branch on " + Cond.of(branchCond) + " with " + flags(nzcv));
    assertEquals(flags(nzcv), flags(cpu.nzcv), "NZCV spilled on return");
  }

  private static String flags(long nzcv) {
    return String.format("nzcv=%x", nzcv >>> 28);
  }

  /** A block that writes {@code value} to the branch result register and returns. */
  private static Block marker(long pc, long value) {
    BlockBuilder b = new BlockBuilder(pc);
    b.set(GuestReg.x(BRANCH_RESULT), BlockBuilder.constant(Type.I64, value));
    return b.finish(
        Terminator.IndirectJump.of(
            b.get(GuestReg.x(RandomProgram.SAVED_LINK)), Terminator.IndirectKind.RETURN));
  }

  private static void start(CpuState cpu, CpuState entry) {
    System.arraycopy(entry.x, 0, cpu.x, 0, entry.x.length);
    cpu.x[RandomProgram.SAVED_LINK] = RandomProgram.RETURN;
    cpu.nzcv = entry.nzcv;
  }

  private static Value narrow(BlockBuilder b, Value v, Type type) {
    return type == Type.I64 ? v : b.convert(ConvOp.TRUNC, type, v);
  }

  private static Value widen(BlockBuilder b, Value v) {
    return v.type() == Type.I64 ? v : b.convert(ConvOp.ZEXT, Type.I64, v);
  }
}
