package dev.recomp.lift.jvm.internal;

import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.recomp.lift.Helper;
import dev.recomp.lift.Op;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.FloatingPoint;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's IEEE arithmetic in place of a floating-point helper call, guarded so that it gives the
 * helper's answer bit for bit.
 *
 * <p>The guard: FPCR is zero (round to nearest even, no flush to zero, no default NaN, the state
 * Linux starts programs in) and FPSR.IXC is already set. Inexact is sticky and nearly every program
 * raises it early, so the only flags an operation could still add are invalid operation, division
 * by zero, overflow and underflow. Those arise only with a result that is NaN, infinite, zero or
 * tiny; ARM detects tininess before rounding, so a result lane must be strictly above the smallest
 * normal number. When every lane is, the host's result is the pseudocode's and the FPSR stays as it
 * was; anything else jumps to the helper call, which handles every case.
 *
 * <p>A compare of two numbers (no NaN) raises nothing whatever FPSR holds, so its guard is FPCR
 * alone.
 *
 * <p>Each vector helper has a twin that returns the FPSR for the same arguments ({@link
 * Helper#VEC_FP_STATUS}); the lifter calls the two back to back, and on the fast path the twin's
 * answer is the unchanged FPSR.
 */
record FloatFastPath(
    Arithmetic arithmetic,
    LaneFormat format,
    int lanes,
    List<Integer> operands,
    int fpcrArg,
    int fpsrArg,
    boolean vector) {

  /** The host operation (an opcode per precision, or a call); operands in the JVM's order. */
  enum Arithmetic {
    ADD(Opcode.DADD, Opcode.FADD),
    SUB(Opcode.DSUB, Opcode.FSUB),
    MUL(Opcode.DMUL, Opcode.FMUL),
    DIV(Opcode.DDIV, Opcode.FDIV),
    /** {@code Math.fma(a, b, addend)}. */
    FMA(null, null),
    SQRT(null, null),
    /** FCMP/FCMPE: NZCV (bits 31-28) from {@code dcmpl}/{@code fcmpl}; no NaN operand. */
    COMPARE(null, null);

    final Opcode onDouble;
    final Opcode onSingle;

    Arithmetic(Opcode onDouble, Opcode onSingle) {
      this.onDouble = onDouble;
      this.onSingle = onSingle;
    }
  }

  /** A lane's precision and the bit patterns of its largest finite and smallest normal values. */
  enum LaneFormat {
    SINGLE(32, Float.floatToRawIntBits(Float.MIN_NORMAL), Float.floatToRawIntBits(Float.MAX_VALUE)),
    DOUBLE(
        64,
        Double.doubleToRawLongBits(Double.MIN_NORMAL),
        Double.doubleToRawLongBits(Double.MAX_VALUE));

    final int bits;

    /** With {@link #bound}: m + offset ≤ bound (signed) iff minNormal < m ≤ max, in one compare. */
    final long offset;

    final long bound;

    LaneFormat(int bits, long minNormal, long max) {
      this.bits = bits;
      this.offset = Long.MIN_VALUE - (minNormal + 1);
      this.bound = Long.MIN_VALUE + (max - minNormal - 1);
    }

    long magnitudeMask() {
      return bits == 64 ? Long.MAX_VALUE : 0x7fff_ffffL;
    }
  }

  /** The vector helpers and the twins that give their FPSR. */
  static final Map<Helper, Helper> STATUS_TWINS =
      Map.of(
          Helper.VEC_FP, Helper.VEC_FP_STATUS,
          Helper.VEC_FP_MUL_ADD, Helper.VEC_FP_MUL_ADD_STATUS);

  private static final ClassDesc DOUBLE = ClassDesc.of(Double.class.getName());
  private static final ClassDesc FLOAT = ClassDesc.of(Float.class.getName());
  private static final MethodTypeDesc J_D = MethodTypeDesc.of(CD_double, CD_long);
  private static final MethodTypeDesc D_J = MethodTypeDesc.of(CD_long, CD_double);
  private static final MethodTypeDesc I_F = MethodTypeDesc.of(CD_float, CD_int);
  private static final MethodTypeDesc F_I = MethodTypeDesc.of(CD_int, CD_float);
  private static final MethodTypeDesc D_D = MethodTypeDesc.of(CD_double, CD_double);
  private static final MethodTypeDesc DDD_D =
      MethodTypeDesc.of(CD_double, CD_double, CD_double, CD_double);
  private static final MethodTypeDesc FFF_F =
      MethodTypeDesc.of(CD_float, CD_float, CD_float, CD_float);

  /**
   * Where a helper's arguments are, in {@link Helper}'s documented order; -1 for an argument the
   * helper does not take. {@code fixed} is the operation of a helper without a selector.
   */
  private record Layout(
      int opArg,
      int bitsArg,
      int datasizeArg,
      List<Integer> operands,
      int fpcrArg,
      int fpsrArg,
      Arithmetic fixed) {}

  private static final Map<Helper, Layout> LAYOUTS =
      Map.of(
          Helper.FP_BINARY, new Layout(0, 1, -1, List.of(2, 3), 4, 5, null),
          Helper.FP_MUL_ADD, new Layout(-1, 0, -1, List.of(2, 3, 1), 4, 5, Arithmetic.FMA),
          Helper.FP_SQRT, new Layout(-1, 0, -1, List.of(1), 2, 3, Arithmetic.SQRT),
          Helper.FP_COMPARE, new Layout(-1, 0, -1, List.of(1, 2), 4, 5, Arithmetic.COMPARE),
          Helper.VEC_FP, new Layout(0, 1, 2, List.of(3, 4), 5, 6, null),
          Helper.VEC_FP_MUL_ADD, new Layout(-1, 0, 1, List.of(3, 4, 2), 5, 6, Arithmetic.FMA));

  /** The FP_BINARY/VEC_FP selectors with a host operation. */
  private static final Map<Integer, Arithmetic> SELECTED =
      Map.of(
          FloatingPoint.ADD, Arithmetic.ADD,
          FloatingPoint.SUB, Arithmetic.SUB,
          FloatingPoint.MUL, Arithmetic.MUL,
          FloatingPoint.DIV, Arithmetic.DIV);

  /**
   * The fast path for a call, if its helper has one and its selectors (operation, precision, vector
   * size) are constants it covers.
   */
  static Optional<FloatFastPath> of(Op.CallHelper c) {
    Layout layout = LAYOUTS.get(c.helper());
    if (layout == null) {
      return Optional.empty();
    }
    List<Value> a = c.args();
    Arithmetic arithmetic =
        layout.opArg() < 0 ? layout.fixed() : SELECTED.get(constant(a.get(layout.opArg())));
    int bits = constant(a.get(layout.bitsArg()));
    int datasize = layout.datasizeArg() < 0 ? bits : constant(a.get(layout.datasizeArg()));
    LaneFormat format =
        switch (bits) {
          case 32 -> LaneFormat.SINGLE;
          case 64 -> LaneFormat.DOUBLE;
          default -> null;
        };
    if (arithmetic == null || format == null || datasize < bits) {
      return Optional.empty();
    }
    return Optional.of(
        new FloatFastPath(
            arithmetic,
            format,
            datasize / bits,
            layout.operands(),
            layout.fpcrArg(),
            layout.fpsrArg(),
            layout.datasizeArg() >= 0));
  }

  /** A selector's value, or -1 if it is not a constant. */
  private static int constant(Value v) {
    return v instanceof Value.Const c ? (int) c.lo() : -1;
  }

  /** The emitter's side: pushes the low or high 64 bits of the call's argument {@code index}. */
  interface Arguments {
    void pushLo(int index);

    void pushHi(int index);
  }

  /**
   * Emits the guard and the host arithmetic. On success the result's low and high 64 bits are in
   * the long locals {@code resultSlot} and {@code resultSlot + 2} (a scalar's high half is the
   * FPSR, as the helper returns it) and execution falls through; otherwise it jumps to {@code
   * slow}, with the arguments untouched. {@code laneSlot} is a scratch long local.
   */
  void emit(CodeBuilder cob, Arguments args, int resultSlot, int laneSlot, Label slow) {
    args.pushLo(fpcrArg);
    cob.lconst_0().lcmp().ifne(slow);
    if (arithmetic == Arithmetic.COMPARE) {
      compare(cob, args, resultSlot, slow);
      return;
    }
    args.pushLo(fpsrArg);
    cob.loadConstant((long) FloatingPoint.IXC).land().lconst_0().lcmp().ifeq(slow);
    if (!vector) {
      args.pushLo(fpsrArg);
      cob.lstore(resultSlot + 2);
    } else if (lanes * format.bits < 128) {
      cob.lconst_0().lstore(resultSlot + 2);
    }
    for (int lane = 0; lane < lanes; lane++) {
      for (int operand : operands) {
        pushLane(cob, args, operand, lane);
      }
      arithmetic(cob);
      toBits(cob);
      cob.lstore(laneSlot);
      cob.lload(laneSlot).loadConstant(format.magnitudeMask()).land();
      cob.loadConstant(format.offset).ladd().loadConstant(format.bound).lcmp().ifgt(slow);
      place(cob, lane, resultSlot, laneSlot);
    }
  }

  /**
   * NZCV of a compare of two numbers: a NaN is the one value unequal to itself and takes the
   * helper; then {@code dcmpl} gives -1, 0 or 1, which picks 1000, 0110 or 0010 out of a constant
   * holding the three.
   */
  private void compare(CodeBuilder cob, Arguments args, int resultSlot, Label slow) {
    for (int operand : operands) {
      pushLane(cob, args, operand, 0);
      pushLane(cob, args, operand, 0);
      cob.with(OperatorInstruction.of(format == LaneFormat.DOUBLE ? Opcode.DCMPL : Opcode.FCMPL));
      cob.ifne(slow);
    }
    args.pushLo(fpsrArg);
    cob.lstore(resultSlot + 2);
    pushLane(cob, args, operands.get(0), 0);
    pushLane(cob, args, operands.get(1), 0);
    cob.with(OperatorInstruction.of(format == LaneFormat.DOUBLE ? Opcode.DCMPL : Opcode.FCMPL));
    cob.iconst_1().iadd().iconst_2().ishl();
    cob.sipush(0b0010_0110_1000).swap().iushr().bipush(0xf).iand().i2l();
    cob.bipush(28).lshl().lstore(resultSlot);
  }

  private void pushLane(CodeBuilder cob, Arguments args, int operand, int lane) {
    int bit = lane * format.bits;
    if (bit < 64) {
      args.pushLo(operand);
    } else {
      args.pushHi(operand);
    }
    if (format == LaneFormat.DOUBLE) {
      cob.invokestatic(DOUBLE, "longBitsToDouble", J_D);
      return;
    }
    if (bit % 64 != 0) {
      cob.bipush(32).lushr();
    }
    cob.l2i().invokestatic(FLOAT, "intBitsToFloat", I_F);
  }

  private void arithmetic(CodeBuilder cob) {
    boolean wide = format == LaneFormat.DOUBLE;
    switch (arithmetic) {
      case FMA -> cob.invokestatic(Descriptors.MATH, "fma", wide ? DDD_D : FFF_F);
      case SQRT -> {
        // A binary64 square root rounded to binary32 is the correctly rounded binary32 root.
        if (wide) {
          cob.invokestatic(Descriptors.MATH, "sqrt", D_D);
        } else {
          cob.f2d().invokestatic(Descriptors.MATH, "sqrt", D_D).d2f();
        }
      }
      case COMPARE -> throw new IllegalStateException("a compare has no result lanes");
      case ADD, SUB, MUL, DIV ->
          cob.with(OperatorInstruction.of(wide ? arithmetic.onDouble : arithmetic.onSingle));
    }
  }

  private void toBits(CodeBuilder cob) {
    if (format == LaneFormat.DOUBLE) {
      cob.invokestatic(DOUBLE, "doubleToRawLongBits", D_J);
    } else {
      cob.invokestatic(FLOAT, "floatToRawIntBits", F_I).i2l().loadConstant(0xffff_ffffL).land();
    }
  }

  /** Puts a checked lane into its word of the result. */
  private void place(CodeBuilder cob, int lane, int resultSlot, int laneSlot) {
    int bit = lane * format.bits;
    int word = resultSlot + (bit < 64 ? 0 : 2);
    if (bit % 64 == 0) {
      cob.lload(laneSlot).lstore(word);
    } else {
      cob.lload(word).lload(laneSlot).bipush(32).lshl().lor().lstore(word);
    }
  }
}
