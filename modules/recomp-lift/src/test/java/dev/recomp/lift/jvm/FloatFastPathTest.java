package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Terminator;
import dev.recomp.runtime.CpuState;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The backend's host-arithmetic fast path for FP helpers (FloatFastPath) gives the helpers' answer,
 * result and FPSR, for the instructions it covers as the lifter lifts them: run compiled and
 * interpreted (the interpreter calls the helpers, which the qemu goldens check) from operands
 * around every edge the guard must catch: zeros, the smallest normal and its neighbours,
 * subnormals, the largest finite, infinities, quiet and signalling NaNs, and products and quotients
 * that overflow or underflow; with FPCR and FPSR states inside and outside the guard.
 */
class FloatFastPathTest {

  /** Instructions whose helpers have a fast path: d0/v0 := op(1, 2[, 3]), or NZCV := compare. */
  enum Form {
    FADD_D(0x1e622820),
    FSUB_D(0x1e623820),
    FMUL_D(0x1e620820),
    FDIV_D(0x1e621820),
    FADD_S(0x1e222820),
    FSUB_S(0x1e223820),
    FMUL_S(0x1e220820),
    FDIV_S(0x1e221820),
    FNMUL_D(0x1e628820),
    FMADD_D(0x1f420c20),
    FMSUB_D(0x1f428c20),
    FNMADD_S(0x1f220c20),
    FMADD_S(0x1f020c20),
    FSQRT_D(0x1e61c020),
    FSQRT_S(0x1e21c020),
    FADD_2D(0x4e62d420),
    FSUB_2D(0x4ee2d420),
    FMUL_2D(0x6e62dc20),
    FDIV_2D(0x6e62fc20),
    FADD_4S(0x4e22d420),
    FMUL_4S(0x6e22dc20),
    FDIV_2S(0x2e22fc20),
    FMLA_2D(0x4e62cc20),
    FMLS_2D(0x4ee2cc20),
    FMLA_4S(0x4e22cc20),
    FMLA_2S(0x0e22cc20),
    FCMP_D(0x1e622020),
    FCMPE_D(0x1e622030),
    FCMP_S(0x1e222020),
    FCMPE_S_ZERO(0x1e202038),
    FCMP_D_ZERO(0x1e602028);

    final int word;

    Form(int word) {
      this.word = word;
    }
  }

  private static final A64Lifter LIFTER = A64Lifter.standard();
  private static final long NEXT = RandomProgram.MAIN + 4;

  @Property(tries = 1500)
  void fastPathGivesTheHelpersAnswer(
      @ForAll Form form,
      @ForAll("registers") long[] v,
      @ForAll("fpcr") long fpcr,
      @ForAll("fpsr") long fpsr) {
    check(form, v, fpcr, fpsr);
  }

  /**
   * A product that is tiny before rounding and the smallest normal after it raises underflow on
   * ARM: the guard must send it to the helper. Too rare for the property to find by chance.
   */
  @Test
  void resultRoundedUpToTheSmallestNormalTakesTheHelper() {
    long d = Double.doubleToRawLongBits(Double.MIN_NORMAL);
    long dOne = Double.doubleToRawLongBits(Math.nextDown(1.0));
    long s = Float.floatToRawIntBits(Float.MIN_NORMAL);
    long sOne = Float.floatToRawIntBits(Math.nextDown(1.0f));
    long[] doubles = {0, 0, d, d, dOne, dOne, 0, 0};
    long[] singles = {0, 0, s | s << 32, s | s << 32, sOne | sOne << 32, sOne | sOne << 32, 0, 0};
    for (Form form : List.of(Form.FMUL_D, Form.FMUL_2D, Form.FMLA_2D)) {
      check(form, doubles, 0, 0x10);
    }
    for (Form form : List.of(Form.FMUL_S, Form.FMUL_4S, Form.FMLA_4S)) {
      check(form, singles, 0, 0x10);
    }
  }

  private static void check(Form form, long[] v, long fpcr, long fpsr) {
    CpuState entry = new CpuState();
    System.arraycopy(v, 0, entry.v, 0, v.length);
    entry.fpcr = fpcr;
    entry.fpsr = fpsr;
    List<Block> blocks = List.of(LIFTER.liftInstruction(RandomProgram.MAIN, form.word), exit());
    BackendDifferentialTest.runBothWays(blocks, cpu -> start(cpu, entry));
  }

  /** Without this, the property above would also pass if no fast path were ever emitted. */
  @Test
  void coveredInstructionsCompileToHostArithmetic() {
    for (Form form : Form.values()) {
      List<Block> blocks = List.of(LIFTER.liftInstruction(RandomProgram.MAIN, form.word), exit());
      List<JvmBackend.GeneratedClass> classes =
          JvmBackend.compile(List.of(GuestFunction.of(RandomProgram.MAIN, "main", blocks)));
      assertTrue(
          classes.stream().anyMatch(FloatFastPathTest::usesHostArithmetic),
          form + " compiles to a helper call only");
    }
  }

  private static boolean usesHostArithmetic(JvmBackend.GeneratedClass generated) {
    ClassModel model = ClassFile.of().parse(generated.bytes());
    for (MethodModel method : model.methods()) {
      for (CodeElement e : method.code().map(c -> c.elementList()).orElse(List.of())) {
        boolean arithmetic =
            switch (e) {
              case OperatorInstruction op ->
                  switch (op.opcode()) {
                    case DADD, DSUB, DMUL, DDIV, FADD, FSUB, FMUL, FDIV, DCMPL, FCMPL -> true;
                    default -> false;
                  };
              case InvokeInstruction call ->
                  call.owner().asInternalName().equals("java/lang/Math")
                      && (call.name().equalsString("fma") || call.name().equalsString("sqrt"));
              default -> false;
            };
        if (arithmetic) {
          return true;
        }
      }
    }
    return false;
  }

  /** The next instruction: returns to the caller. */
  private static Block exit() {
    BlockBuilder b = new BlockBuilder(NEXT);
    return b.finish(
        Terminator.IndirectJump.of(
            b.get(GuestReg.x(RandomProgram.SAVED_LINK)), Terminator.IndirectKind.RETURN));
  }

  private static void start(CpuState cpu, CpuState entry) {
    System.arraycopy(entry.v, 0, cpu.v, 0, entry.v.length);
    cpu.fpcr = entry.fpcr;
    cpu.fpsr = entry.fpsr;
    cpu.x[RandomProgram.SAVED_LINK] = RandomProgram.RETURN;
  }

  /** V0-V3 as eight 64-bit halves, each one double or two singles. */
  @Provide
  Arbitrary<long[]> registers() {
    Arbitrary<Long> half =
        Arbitraries.oneOf(
            doubles(), Combinators.combine(singles(), singles()).as((lo, hi) -> (hi << 32) | lo));
    return half.array(long[].class).ofSize(8);
  }

  private static Arbitrary<Long> doubles() {
    Arbitrary<Long> edges =
        Arbitraries.of(
                0.0,
                -0.0,
                1.0,
                -1.5,
                3.0,
                // times the smallest normal: tiny before rounding, the smallest normal after
                Math.nextDown(1.0),
                Double.MIN_NORMAL,
                Math.nextUp(Double.MIN_NORMAL),
                Math.nextDown(Double.MIN_NORMAL),
                -Double.MIN_NORMAL,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Math.nextDown(Double.MAX_VALUE),
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Math.sqrt(Double.MIN_NORMAL),
                Math.sqrt(Double.MAX_VALUE),
                1e-160,
                1e160,
                0x1p-1000,
                0x1p1000)
            .map(Double::doubleToRawLongBits);
    Arbitrary<Long> nans = Arbitraries.of(0x7ff8_0000_0000_0000L, 0x7ff0_0000_0000_0001L);
    Arbitrary<Long> moderate =
        Arbitraries.doubles().between(-1e6, 1e6).map(Double::doubleToRawLongBits);
    return Arbitraries.frequencyOf(
        Tuple.of(4, edges),
        Tuple.of(1, nans),
        Tuple.of(4, moderate),
        Tuple.of(1, Arbitraries.longs()));
  }

  private static Arbitrary<Long> singles() {
    Arbitrary<Long> edges =
        Arbitraries.of(
                0.0f,
                -0.0f,
                1.0f,
                -1.5f,
                Math.nextDown(1.0f),
                Float.MIN_NORMAL,
                Math.nextUp(Float.MIN_NORMAL),
                Math.nextDown(Float.MIN_NORMAL),
                Float.MIN_VALUE,
                Float.MAX_VALUE,
                Float.POSITIVE_INFINITY,
                (float) Math.sqrt(Float.MIN_NORMAL),
                (float) Math.sqrt(Float.MAX_VALUE),
                1e-20f,
                1e20f)
            .map(f -> Float.floatToRawIntBits(f) & 0xffff_ffffL);
    Arbitrary<Long> nans = Arbitraries.of(0x7fc0_0000L, 0x7f80_0001L);
    Arbitrary<Long> moderate =
        Arbitraries.floats()
            .between(-1e6f, 1e6f)
            .map(f -> Float.floatToRawIntBits(f) & 0xffff_ffffL);
    return Arbitraries.frequencyOf(
        Tuple.of(4, edges),
        Tuple.of(1, nans),
        Tuple.of(4, moderate),
        Tuple.of(1, Arbitraries.longs().between(0, 0xffff_ffffL)));
  }

  /** Mostly the guard's FPCR (zero); also directed rounding, flush to zero, default NaN. */
  @Provide
  Arbitrary<Long> fpcr() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0L)),
        Tuple.of(1, Arbitraries.of(1L << 22, 3L << 22, 1L << 24, 1L << 25)));
  }

  /** Mostly inexact already raised (the guard); also clear, and with other flags. */
  @Provide
  Arbitrary<Long> fpsr() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0x10L)),
        Tuple.of(2, Arbitraries.of(0L, 0x9fL, 0x08L, 0x1fL, 0x0800_0010L)));
  }
}
