package dev.recomp.lift.internal.a64;

import static dev.recomp.lift.internal.helpers.FloatingPoint.FPCR_MODE;
import static dev.recomp.lift.internal.helpers.FloatingPoint.NEG_INF;
import static dev.recomp.lift.internal.helpers.FloatingPoint.POS_INF;
import static dev.recomp.lift.internal.helpers.FloatingPoint.TIE_AWAY;
import static dev.recomp.lift.internal.helpers.FloatingPoint.TIE_EVEN;
import static dev.recomp.lift.internal.helpers.FloatingPoint.ZERO;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.FloatingPoint;
import java.util.List;

/**
 * Scalar floating-point data processing: arithmetic, fused multiply-add, compares, conditional
 * select, rounding to integral, precision and integer conversions. The arithmetic itself is the
 * {@link FloatingPoint} helpers (FPCR rounding, FZ, DN; FPSR flags); sign manipulation (FABS, FNEG,
 * the negated forms) is plain bit operations, as in the ARM pseudocode. Half precision needs
 * FEAT_FP16, which a Cortex-A53 lacks, except in FCVT; the other half forms are UNDEFINED.
 */
final class ScalarFp {
  private ScalarFp() {}

  /** The precision of ftype {@code y}: 32, 64, or 0 for half (UNDEFINED here). */
  private static int precision(Emitter e) {
    return switch (e.field(22, 2)) {
      case 0 -> 32;
      case 1 -> 64;
      default -> 0;
    };
  }

  private static boolean undefinedPrecision(Emitter e, int bits) {
    if (bits == 0) {
      e.trap(TrapKind.UNDEFINED, 0);
      return true;
    }
    return false;
  }

  /** The low {@code bits} of V{@code n}, zero-extended to i64. */
  private static Value operand(Emitter e, int n, int bits) {
    return e.zext(Type.I64, e.trunc(Type.ofBytes(bits / 8), e.b.get(GuestReg.v(n))));
  }

  private static Value k32(Emitter e, long v) {
    return e.k(Type.I32, v);
  }

  private static Value fpcr(Emitter e) {
    return e.b.get(GuestReg.FPCR);
  }

  private static Value fpsr(Emitter e) {
    return e.b.get(GuestReg.FPSR);
  }

  private static Value call(Emitter e, Helper helper, Value... args) {
    return e.b.callHelper(helper, List.of(args));
  }

  /** The result's low {@code bits} of a helper's i128 answer. */
  private static Value low(Emitter e, Value answer, int bits) {
    return e.trunc(Type.ofBytes(bits / 8), answer);
  }

  /** The new FPSR in a helper's i128 answer. */
  private static Value newFpsr(Emitter e, Value answer) {
    return e.trunc(Type.I32, e.op(BinOp.LSHR, answer, e.k(Type.I128, 64)));
  }

  /** Writes Vd (upper bits zero) and FPSR from a helper's answer. */
  private static void finish(Emitter e, int rd, Value answer, int bits) {
    e.b.set(GuestReg.v(rd), e.zext(Type.I128, low(e, answer, bits)));
    e.b.set(GuestReg.FPSR, newFpsr(e, answer));
  }

  private static Value signBit(Emitter e, Value v, int bits) {
    return e.op(BinOp.XOR, v, 1L << (bits - 1));
  }

  /** FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM, FNMUL (scalar). */
  static void binary(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    int opcode = e.field(12, 4);
    int op =
        switch (opcode) {
          case 0, 8 -> FloatingPoint.MUL;
          case 1 -> FloatingPoint.DIV;
          case 2 -> FloatingPoint.ADD;
          case 3 -> FloatingPoint.SUB;
          case 4 -> FloatingPoint.MAX;
          case 5 -> FloatingPoint.MIN;
          case 6 -> FloatingPoint.MAXNM;
          default -> FloatingPoint.MINNM;
        };
    Value answer =
        call(
            e,
            Helper.FP_BINARY,
            k32(e, op),
            k32(e, bits),
            operand(e, e.field(5, 5), bits),
            operand(e, e.field(16, 5), bits),
            fpcr(e),
            fpsr(e));
    if (opcode == 8) {
      Value negated = signBit(e, low(e, answer, bits), bits);
      e.b.set(GuestReg.v(e.field(0, 5)), e.zext(Type.I128, negated));
      e.b.set(GuestReg.FPSR, newFpsr(e, answer));
      return;
    }
    finish(e, e.field(0, 5), answer, bits);
  }

  /** FMADD, FMSUB, FNMADD, FNMSUB: the addend and the first factor negated as o1:o0 say. */
  static void multiplyAdd(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    boolean o1 = e.bit(21);
    boolean o0 = e.bit(15);
    Value addend = operand(e, e.field(10, 5), bits);
    Value n = operand(e, e.field(5, 5), bits);
    if (o1) {
      addend = signBit(e, addend, bits);
    }
    if (o1 != o0) {
      n = signBit(e, n, bits);
    }
    Value answer =
        call(
            e,
            Helper.FP_MUL_ADD,
            k32(e, bits),
            addend,
            n,
            operand(e, e.field(16, 5), bits),
            fpcr(e),
            fpsr(e));
    finish(e, e.field(0, 5), answer, bits);
  }

  /** FABS, FNEG (sign bit only, no exceptions) and FSQRT. */
  static void unary(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    int rd = e.field(0, 5);
    Value n = e.trunc(Type.ofBytes(bits / 8), e.b.get(GuestReg.v(e.field(5, 5))));
    long sign = 1L << (bits - 1);
    switch (e.field(15, 2)) {
      case 1 -> e.b.set(GuestReg.v(rd), e.zext(Type.I128, e.op(BinOp.AND, n, ~sign)));
      case 2 -> e.b.set(GuestReg.v(rd), e.zext(Type.I128, e.op(BinOp.XOR, n, sign)));
      default -> {
        Value answer = call(e, Helper.FP_SQRT, k32(e, bits), e.zext(Type.I64, n), fpcr(e), fpsr(e));
        finish(e, rd, answer, bits);
      }
    }
  }

  /** FCVT between half, single and double precision (FPCR.AHP selects the half format). */
  static void convertPrecision(Emitter e) {
    int from = conversionPrecision(e.field(22, 2));
    int to = conversionPrecision(e.field(15, 2));
    Value answer =
        call(
            e,
            Helper.FP_CONVERT,
            k32(e, from),
            k32(e, to),
            operand(e, e.field(5, 5), from),
            fpcr(e),
            fpsr(e));
    finish(e, e.field(0, 5), answer, to);
  }

  /** FCVT's type fields: 00 single, 01 double, 11 half. */
  private static int conversionPrecision(int type) {
    return switch (type) {
      case 0 -> 32;
      case 1 -> 64;
      default -> 16;
    };
  }

  /** FRINTN, FRINTP, FRINTM, FRINTZ, FRINTA, FRINTX, FRINTI. */
  static void roundToIntegral(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    int rmode = e.field(15, 3);
    int rounding =
        switch (rmode) {
          case 0 -> TIE_EVEN;
          case 1 -> POS_INF;
          case 2 -> NEG_INF;
          case 3 -> ZERO;
          case 4 -> TIE_AWAY;
          default -> FPCR_MODE;
        };
    Value answer =
        call(
            e,
            Helper.FP_ROUND_INT,
            k32(e, bits),
            operand(e, e.field(5, 5), bits),
            k32(e, rounding),
            k32(e, rmode == 6 ? 1 : 0),
            fpcr(e),
            fpsr(e));
    finish(e, e.field(0, 5), answer, bits);
  }

  private static Value compare(Emitter e, int bits, boolean againstZero, boolean signalling) {
    Value m = againstZero ? e.k(Type.I64, 0) : operand(e, e.field(16, 5), bits);
    return call(
        e,
        Helper.FP_COMPARE,
        k32(e, bits),
        operand(e, e.field(5, 5), bits),
        m,
        k32(e, signalling ? 1 : 0),
        fpcr(e),
        fpsr(e));
  }

  /** FCMP, FCMPE and their compare-with-zero forms. */
  static void compare(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    Value answer = compare(e, bits, e.bit(3), e.bit(4));
    e.setNzcv(e.trunc(Type.I32, answer));
    e.b.set(GuestReg.FPSR, newFpsr(e, answer));
  }

  /** FCCMP, FCCMPE: compare when the condition holds, else NZCV = #nzcv and no exceptions. */
  static void conditionalCompare(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    Value holds = e.cond(e.field(12, 4));
    Value oldFpsr = fpsr(e);
    Value answer = compare(e, bits, false, e.bit(4));
    Value flags = e.b.select(holds, e.trunc(Type.I32, answer), k32(e, (long) e.field(0, 4) << 28));
    e.b.set(GuestReg.FPSR, e.b.select(holds, newFpsr(e, answer), oldFpsr));
    e.setNzcv(flags);
  }

  /** FCSEL. */
  static void conditionalSelect(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    Type t = Type.ofBytes(bits / 8);
    Value n = e.trunc(t, e.b.get(GuestReg.v(e.field(5, 5))));
    Value m = e.trunc(t, e.b.get(GuestReg.v(e.field(16, 5))));
    Value picked = e.b.select(e.cond(e.field(12, 4)), n, m);
    e.b.set(GuestReg.v(e.field(0, 5)), e.zext(Type.I128, picked));
  }

  /** FCVT[NPMZA][SU] (to general, incl. fixed-point FCVTZ*), SCVTF and UCVTF (from general). */
  static void convertInteger(Emitter e) {
    int bits = precision(e);
    if (undefinedPrecision(e, bits)) {
      return;
    }
    boolean sf = e.bit(31);
    boolean fixed = !e.bit(21);
    int fbits = fixed ? 64 - e.field(10, 6) : 0;
    int rmode = e.field(19, 2);
    int opcode = e.field(16, 3);
    int intBits = sf ? 64 : 32;
    boolean unsigned = (opcode & 1) != 0;
    int rd = e.field(0, 5);
    int rn = e.field(5, 5);
    if (opcode == 2 || opcode == 3) {
      Value answer =
          call(
              e,
              Helper.INT_TO_FP,
              k32(e, intBits),
              k32(e, unsigned ? 1 : 0),
              e.to64(e.x(rn, sf)),
              k32(e, bits),
              k32(e, fbits),
              fpcr(e),
              fpsr(e));
      finish(e, rd, answer, bits);
      return;
    }
    int rounding = opcode >= 4 ? TIE_AWAY : rmode;
    Value answer =
        call(
            e,
            Helper.FP_TO_INT,
            k32(e, bits),
            operand(e, rn, bits),
            k32(e, intBits),
            k32(e, unsigned ? 1 : 0),
            k32(e, rounding),
            k32(e, fbits),
            fpcr(e),
            fpsr(e));
    e.setX(rd, e.trunc(sf ? Type.I64 : Type.I32, answer));
    e.b.set(GuestReg.FPSR, newFpsr(e, answer));
  }

  /**
   * SCVTF, UCVTF, FCVT[NPMZA][SU] (scalar AdvSIMD forms): the integer lives in the SIMD&FP register
   * and has the width of the floating-point value.
   */
  static void convertInRegister(Emitter e) {
    int bits = e.bit(22) ? 64 : 32;
    boolean unsigned = e.bit(29);
    int rd = e.field(0, 5);
    int rn = e.field(5, 5);
    int opcode = e.field(12, 5);
    Value answer;
    if (opcode == 0b11101) {
      answer =
          call(
              e,
              Helper.INT_TO_FP,
              k32(e, bits),
              k32(e, unsigned ? 1 : 0),
              operand(e, rn, bits),
              k32(e, bits),
              k32(e, 0),
              fpcr(e),
              fpsr(e));
    } else {
      int rounding = opcode == 0b11100 ? TIE_AWAY : (e.field(12, 1) << 1) | e.field(23, 1);
      answer =
          call(
              e,
              Helper.FP_TO_INT,
              k32(e, bits),
              operand(e, rn, bits),
              k32(e, bits),
              k32(e, unsigned ? 1 : 0),
              k32(e, rounding),
              k32(e, 0),
              fpcr(e),
              fpsr(e));
    }
    finish(e, rd, answer, bits);
  }
}
