package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.FloatingPoint;
import java.util.List;
import java.util.Map;

/**
 * AdvSIMD floating point on single- and double-precision lanes: the three-same arithmetic, fused
 * multiply-adds and compares and the two-register FABS, FNEG, FSQRT and integer conversions. Each
 * lane follows the scalar {@link FloatingPoint} rules; the result and the FPSR come from two calls
 * with the same arguments ({@link Helper#VEC_FP}, {@link Helper#VEC_FP_STATUS}).
 */
final class SimdFp {
  private SimdFp() {}

  /** U (bit 29), bit 23 and opcode (bits 15:11) of the three-same FP rows. */
  private static final Map<Integer, Integer> THREE_SAME =
      Map.ofEntries(
          Map.entry(0b0_0_11000, FloatingPoint.MAXNM),
          Map.entry(0b0_0_11010, FloatingPoint.ADD),
          Map.entry(0b0_0_11100, FloatingPoint.CMEQ),
          Map.entry(0b0_0_11110, FloatingPoint.MAX),
          Map.entry(0b0_1_11000, FloatingPoint.MINNM),
          Map.entry(0b0_1_11010, FloatingPoint.SUB),
          Map.entry(0b0_1_11110, FloatingPoint.MIN),
          Map.entry(0b1_0_11011, FloatingPoint.MUL),
          Map.entry(0b1_0_11100, FloatingPoint.CMGE),
          Map.entry(0b1_0_11111, FloatingPoint.DIV),
          Map.entry(0b1_1_11100, FloatingPoint.CMGT));

  /** U (bit 29), bit 23 and opcode (bits 16:12) of the two-register FP rows. */
  private static final Map<Integer, Integer> TWO_REGISTER =
      Map.ofEntries(
          Map.entry(0b0_1_01111, FloatingPoint.ABS),
          Map.entry(0b1_1_01111, FloatingPoint.NEG),
          Map.entry(0b1_1_11111, FloatingPoint.SQRT),
          Map.entry(0b0_0_11101, FloatingPoint.SCVTF),
          Map.entry(0b1_0_11101, FloatingPoint.UCVTF),
          Map.entry(0b0_1_11011, FloatingPoint.FCVTZS),
          Map.entry(0b1_1_11011, FloatingPoint.FCVTZU));

  private static int key(Emitter e, int opcodeLo) {
    return (e.field(29, 1) << 6) | (e.field(23, 1) << 5) | e.field(opcodeLo, 5);
  }

  /** FADD, FSUB, FMUL, FDIV, FMAX, FMIN, FMAXNM, FMINNM, FCMEQ, FCMGE, FCMGT (vector). */
  static void threeSame(Emitter e) {
    lanes(e, THREE_SAME.get(key(e, 11)), e.b.get(GuestReg.v(e.field(16, 5))));
  }

  /** FABS, FNEG, FSQRT, SCVTF, UCVTF, FCVTZS, FCVTZU (vector). */
  static void twoRegister(Emitter e) {
    lanes(e, TWO_REGISTER.get(key(e, 12)), e.k(Type.I128, 0));
  }

  /** FMLA, FMLS (vector): Vd + Vn * Vm fused per lane, FMLS with Vn's sign bits flipped first. */
  static void mulAdd(Emitter e) {
    int bits = e.bit(22) ? 64 : 32;
    Value n = e.b.get(GuestReg.v(e.field(5, 5)));
    if (e.bit(23)) {
      long signs = bits == 64 ? Long.MIN_VALUE : 0x8000_0000_8000_0000L;
      n = e.op(BinOp.XOR, n, Value.Const.of128(signs, signs));
    }
    apply(
        e,
        Helper.VEC_FP_MUL_ADD,
        Helper.VEC_FP_MUL_ADD_STATUS,
        List.of(
            e.k(Type.I32, bits),
            e.k(Type.I32, e.bit(30) ? 128 : 64),
            e.b.get(GuestReg.v(e.field(0, 5))),
            n,
            e.b.get(GuestReg.v(e.field(16, 5))),
            e.b.get(GuestReg.FPCR),
            e.b.get(GuestReg.FPSR)));
  }

  private static void lanes(Emitter e, int op, Value m) {
    apply(
        e,
        Helper.VEC_FP,
        Helper.VEC_FP_STATUS,
        List.of(
            e.k(Type.I32, op),
            e.k(Type.I32, e.bit(22) ? 64 : 32),
            e.k(Type.I32, e.bit(30) ? 128 : 64),
            e.b.get(GuestReg.v(e.field(5, 5))),
            m,
            e.b.get(GuestReg.FPCR),
            e.b.get(GuestReg.FPSR)));
  }

  /** Vd = the result's lanes (the low 64 bits when Q is clear), FPSR = the status helper's. */
  private static void apply(Emitter e, Helper value, Helper status, List<Value> args) {
    Value result = e.b.callHelper(value, args);
    Value fpsr = e.b.callHelper(status, args);
    Value kept = e.bit(30) ? result : e.zext(Type.I128, e.trunc(Type.I64, result));
    e.b.set(GuestReg.v(e.field(0, 5)), kept);
    e.b.set(GuestReg.FPSR, e.trunc(Type.I32, fpsr));
  }
}
