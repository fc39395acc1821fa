package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/**
 * The SIMD&FP subset compilers emit for moves and constants: FMOV (register, general, immediate),
 * AdvSIMD modified immediates, bitwise vector operations and DUP/INS/UMOV/SMOV. None of these
 * touches FPCR or FPSR. Half-precision forms need FEAT_FP16, which a Cortex-A53 lacks, so they are
 * UNDEFINED.
 */
final class Simd {
  private Simd() {}

  private static Value v(Emitter e, int n) {
    return e.b.get(GuestReg.v(n));
  }

  private static void setV(Emitter e, int n, Value value) {
    e.b.set(GuestReg.v(n), e.zext(Type.I128, value));
  }

  private static Value k128(long lo, long hi) {
    return Value.Const.of128(lo, hi);
  }

  /** The low 64 bits when {@code q} is clear (the upper half of the result is zeroed). */
  private static Value sized(Emitter e, Value v128, boolean q) {
    return q ? v128 : e.trunc(Type.I64, v128);
  }

  /** FMOV (register): Sd = Sn or Dd = Dn. */
  static void fmovRegister(Emitter e) {
    Type t = scalarType(e.field(22, 2));
    if (t == null) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    setV(e, e.field(0, 5), e.trunc(t, v(e, e.field(5, 5))));
  }

  /** FMOV (scalar, immediate). */
  static void fmovImmediate(Emitter e) {
    int type = e.field(22, 2);
    Type t = scalarType(type);
    if (t == null) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    int imm8 = e.field(13, 8);
    setV(e, e.field(0, 5), e.k(t, t == Type.I64 ? expandDouble(imm8) : expandSingle(imm8)));
  }

  private static Type scalarType(int type) {
    return switch (type) {
      case 0 -> Type.I32;
      case 1 -> Type.I64;
      default -> null;
    };
  }

  /** VFPExpandImm for binary32. */
  private static long expandSingle(int imm8) {
    long sign = (imm8 >>> 7) & 1;
    long b6 = (imm8 >>> 6) & 1;
    long exp = ((b6 ^ 1) << 7) | ((b6 == 1 ? 0x1fL : 0) << 2) | ((imm8 >>> 4) & 3);
    return (sign << 31) | (exp << 23) | ((long) (imm8 & 0xf) << 19);
  }

  /** VFPExpandImm for binary64. */
  private static long expandDouble(int imm8) {
    long sign = (imm8 >>> 7) & 1;
    long b6 = (imm8 >>> 6) & 1;
    long exp = ((b6 ^ 1) << 10) | ((b6 == 1 ? 0xffL : 0) << 2) | ((imm8 >>> 4) & 3);
    return (sign << 63) | (exp << 52) | ((long) (imm8 & 0xf) << 48);
  }

  /** FMOV between general and SIMD&FP registers (32/64-bit and the upper D element). */
  static void fmovGeneral(Emitter e) {
    boolean sf = e.bit(31);
    int type = e.field(22, 2);
    int rmode = e.field(19, 2);
    boolean toVector = e.bit(16);
    int rd = e.field(0, 5);
    int rn = e.field(5, 5);
    if (type == 3) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    if (rmode == 1) {
      if (toVector) {
        Value low = e.op(BinOp.AND, v(e, rd), k128(-1L, 0));
        Value high = e.op(BinOp.SHL, e.zext(Type.I128, e.x(rn, true)), e.k(Type.I128, 64));
        e.b.set(GuestReg.v(rd), e.op(BinOp.OR, low, high));
      } else {
        e.setX(rd, e.trunc(Type.I64, e.op(BinOp.LSHR, v(e, rn), e.k(Type.I128, 64))));
      }
      return;
    }
    Type t = sf ? Type.I64 : Type.I32;
    if (toVector) {
      setV(e, rd, e.x(rn, sf));
    } else {
      e.setX(rd, e.trunc(t, v(e, rn)));
    }
  }

  /** MOVI, MVNI, ORR/BIC (vector, immediate), FMOV (vector, immediate). */
  static void modifiedImmediate(Emitter e) {
    boolean q = e.bit(30);
    boolean op = e.bit(29);
    int cmode = e.field(12, 4);
    int imm8 = (e.field(16, 3) << 5) | e.field(5, 5);
    long imm = expandImm(op, cmode, imm8);
    boolean logical = (cmode & 1) == 1 && cmode < 12;
    int rd = e.field(0, 5);
    Value constant = k128(imm, q ? imm : 0);
    if (!logical) {
      boolean invert = op && cmode < 14;
      setV(e, rd, invert ? k128(~imm, q ? ~imm : 0) : constant);
      return;
    }
    Value current = sized(e, v(e, rd), q);
    Value operand = q ? constant : e.k(Type.I64, imm);
    Value result =
        op ? e.op(BinOp.AND, current, e.un(UnOp.NOT, operand)) : e.op(BinOp.OR, current, operand);
    setV(e, rd, result);
  }

  /** AdvSIMDExpandImm. */
  private static long expandImm(boolean op, int cmode, int imm8) {
    long b = imm8 & 0xffL;
    return switch (cmode >>> 1) {
      case 0 -> replicate32(b);
      case 1 -> replicate32(b << 8);
      case 2 -> replicate32(b << 16);
      case 3 -> replicate32(b << 24);
      case 4 -> replicate16(b);
      case 5 -> replicate16(b << 8);
      case 6 -> replicate32((cmode & 1) == 0 ? (b << 8) | 0xff : (b << 16) | 0xffff);
      default -> {
        if ((cmode & 1) == 0) {
          yield op ? byteMask(imm8) : b * 0x0101_0101_0101_0101L;
        }
        yield op ? expandDouble(imm8) : replicate32(expandSingle(imm8));
      }
    };
  }

  private static long replicate32(long v) {
    return (v & 0xffff_ffffL) | (v << 32);
  }

  private static long replicate16(long v) {
    long h = v & 0xffff;
    return h | (h << 16) | (h << 32) | (h << 48);
  }

  private static long byteMask(int imm8) {
    long out = 0;
    for (int i = 0; i < 8; i++) {
      if (((imm8 >>> i) & 1) != 0) {
        out |= 0xffL << (8 * i);
      }
    }
    return out;
  }

  /** AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF (vector) and NOT. */
  static void bitwise(Emitter e) {
    boolean q = e.bit(30);
    int rd = e.field(0, 5);
    Value n = sized(e, v(e, e.field(5, 5)), q);
    if (e.field(10, 6) == 0b010110) {
      setV(e, rd, e.un(UnOp.NOT, n));
      return;
    }
    Value m = sized(e, v(e, e.field(16, 5)), q);
    int opc = (e.field(29, 1) << 2) | e.field(22, 2);
    Value result =
        switch (opc) {
          case 0 -> e.op(BinOp.AND, n, m);
          case 1 -> e.op(BinOp.AND, n, e.un(UnOp.NOT, m));
          case 2 -> e.op(BinOp.OR, n, m);
          case 3 -> e.op(BinOp.OR, n, e.un(UnOp.NOT, m));
          case 4 -> e.op(BinOp.XOR, n, m);
          default -> {
            Value d = sized(e, v(e, rd), q);
            yield switch (opc) {
              case 5 -> select(e, d, n, m);
              case 6 -> select(e, m, n, d);
              default -> select(e, e.un(UnOp.NOT, m), n, d);
            };
          }
        };
    setV(e, rd, result);
  }

  /** Bitwise select: bits of {@code ifSet} where {@code mask} is 1, else of {@code ifClear}. */
  private static Value select(Emitter e, Value mask, Value ifSet, Value ifClear) {
    Value x = e.op(BinOp.XOR, ifSet, ifClear);
    return e.op(BinOp.XOR, ifClear, e.op(BinOp.AND, x, mask));
  }

  /** DUP (general): every element of Vd = Rn. */
  static void dupGeneral(Emitter e) {
    int esize = elementBits(e.field(16, 5));
    boolean q = e.bit(30);
    Value element = e.zext(Type.I64, e.trunc(Type.ofBytes(esize / 8), e.x(e.field(5, 5), true)));
    Value half = e.op(BinOp.MUL, element, laneOnes(esize));
    e.b.set(GuestReg.v(e.field(0, 5)), LaneWords.join(e, half, q ? half : null));
  }

  /** DUP (element): every element of Vd = Vn[index]. */
  static void dupElement(Emitter e) {
    int imm5 = e.field(16, 5);
    int esize = elementBits(imm5);
    boolean q = e.bit(30);
    Value element = e.zext(Type.I64, extract(e, v(e, e.field(5, 5)), imm5));
    Value half = esize == 64 ? element : e.op(BinOp.MUL, element, laneOnes(esize));
    e.b.set(GuestReg.v(e.field(0, 5)), LaneWords.join(e, half, q ? half : null));
  }

  /** DUP (scalar): Vd = Vn[index] as a scalar. */
  static void dupScalar(Emitter e) {
    setV(e, e.field(0, 5), extract(e, v(e, e.field(5, 5)), e.field(16, 5)));
  }

  /** INS (general): Vd[index] = Rn. */
  static void insGeneral(Emitter e) {
    int imm5 = e.field(16, 5);
    Type t = Type.ofBytes(elementBits(imm5) / 8);
    int rd = e.field(0, 5);
    e.b.set(GuestReg.v(rd), insert(e, v(e, rd), imm5, e.trunc(t, e.x(e.field(5, 5), true))));
  }

  /** INS (element): Vd[index] = Vn[index2]. */
  static void insElement(Emitter e) {
    int imm5 = e.field(16, 5);
    int shift = Integer.numberOfTrailingZeros(imm5);
    int sourceIndex = e.field(11, 4) >>> shift;
    int sourceImm5 = (sourceIndex << (shift + 1)) | (1 << shift);
    int rd = e.field(0, 5);
    Value element = extract(e, v(e, e.field(5, 5)), sourceImm5);
    e.b.set(GuestReg.v(rd), insert(e, v(e, rd), imm5, element));
  }

  /** UMOV and SMOV: Rd = Vn[index], zero- or sign-extended. */
  static void moveToGeneral(Emitter e) {
    boolean signed = e.field(11, 2) == 1;
    Value element = extract(e, v(e, e.field(5, 5)), e.field(16, 5));
    Type to = e.bit(30) ? Type.I64 : Type.I32;
    e.setX(e.field(0, 5), signed ? e.sext(to, element) : e.zext(to, element));
  }

  /** Element size in bits selected by the lowest set bit of imm5. */
  private static int elementBits(int imm5) {
    return 8 << Integer.numberOfTrailingZeros(imm5 | 0x10);
  }

  private static Value extract(Emitter e, Value v128, int imm5) {
    int esize = elementBits(imm5);
    int index = imm5 >>> (Integer.numberOfTrailingZeros(imm5) + 1);
    int shift = index * esize;
    Value shifted = shift == 0 ? v128 : e.op(BinOp.LSHR, v128, e.k(Type.I128, shift));
    return e.trunc(Type.ofBytes(esize / 8), shifted);
  }

  private static Value insert(Emitter e, Value v128, int imm5, Value element) {
    int esize = elementBits(imm5);
    int index = imm5 >>> (Integer.numberOfTrailingZeros(imm5) + 1);
    int shift = index * esize;
    long lane = esize == 64 ? -1L : (1L << esize) - 1;
    long maskLo = shift < 64 ? lane << shift : 0;
    long maskHi = shift >= 64 ? lane << (shift - 64) : 0;
    Value cleared = e.op(BinOp.AND, v128, k128(~maskLo, ~maskHi));
    Value placed = e.zext(Type.I128, element);
    if (shift != 0) {
      placed = e.op(BinOp.SHL, placed, e.k(Type.I128, shift));
    }
    return e.op(BinOp.OR, cleared, placed);
  }

  /** 1 in the lowest bit of every {@code esize}-bit lane of 64 bits. */
  private static long laneOnes(int esize) {
    long out = 0;
    for (int i = 0; i < 64; i += esize) {
      out |= 1L << i;
    }
    return out;
  }
}
