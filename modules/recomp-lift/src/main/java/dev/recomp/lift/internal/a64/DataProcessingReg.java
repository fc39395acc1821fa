package dev.recomp.lift.internal.a64;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/** Data processing (register): ARM ARM C4.1.88. */
final class DataProcessingReg {
  private DataProcessingReg() {}

  /**
   * The shared add/subtract: {@code rd = a +/- b}, flags from AddWithCarry when {@code setFlags};
   * {@code rdIsSp} says whether register 31 as destination is SP.
   */
  static void addSub(
      Emitter e, boolean sf, boolean sub, boolean setFlags, Value a, Value b, boolean rdIsSp) {
    Value result = e.op(sub ? BinOp.SUB : BinOp.ADD, a, b);
    if (setFlags) {
      Value operand = sub ? e.un(UnOp.NOT, b) : b;
      e.setNzcv(e.b.addFlags(a, operand, e.k(Type.I1, sub ? 1 : 0)));
    }
    int rd = e.field(0, 5);
    if (rdIsSp) {
      e.setXsp(rd, result);
    } else {
      e.setX(rd, result);
    }
  }

  /** ADD, ADDS, SUB, SUBS (shifted register). */
  static void addSubShifted(Emitter e) {
    boolean sf = e.bit(31);
    int type = e.field(22, 2);
    int amount = e.field(10, 6);
    if (type == 3 || (!sf && amount >= 32)) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value a = e.x(e.field(5, 5), sf);
    Value b = e.shift(e.x(e.field(16, 5), sf), type, amount);
    addSub(e, sf, e.bit(30), e.bit(29), a, b, false);
  }

  /** ADD, ADDS, SUB, SUBS (extended register). */
  static void addSubExtended(Emitter e) {
    boolean sf = e.bit(31);
    int shift = e.field(10, 3);
    if (shift > 4 || e.field(22, 2) != 0) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value a = e.xsp(e.field(5, 5), sf);
    Value m = e.x(e.field(16, 5), true);
    Value b = e.extend(m, e.field(13, 3), shift, Emitter.width(sf));
    addSub(e, sf, e.bit(30), e.bit(29), a, b, !e.bit(29));
  }

  /** ADC, ADCS, SBC, SBCS. */
  static void addSubCarry(Emitter e) {
    boolean sf = e.bit(31);
    boolean sub = e.bit(30);
    Value a = e.x(e.field(5, 5), sf);
    Value m = e.x(e.field(16, 5), sf);
    Value b = sub ? e.un(UnOp.NOT, m) : m;
    Value carry = e.carry();
    Value result = e.op(BinOp.ADD, e.op(BinOp.ADD, a, b), e.zext(a.type(), carry));
    if (e.bit(29)) {
      e.setNzcv(e.b.addFlags(a, b, carry));
    }
    e.setX(e.field(0, 5), result);
  }

  /** AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register). */
  static void logicalShifted(Emitter e) {
    boolean sf = e.bit(31);
    int amount = e.field(10, 6);
    if (!sf && amount >= 32) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value a = e.x(e.field(5, 5), sf);
    Value b = e.shift(e.x(e.field(16, 5), sf), e.field(22, 2), amount);
    if (e.bit(21)) {
      b = e.un(UnOp.NOT, b);
    }
    int opc = e.field(29, 2);
    Value r = e.op(opc == 1 ? BinOp.OR : opc == 2 ? BinOp.XOR : BinOp.AND, a, b);
    if (opc == 3) {
      e.setNzcv(e.b.nzFlags(r));
    }
    e.setX(e.field(0, 5), r);
  }

  /** CCMN, CCMP (register and immediate). */
  static void conditionalCompare(Emitter e) {
    boolean sf = e.bit(31);
    Value a = e.x(e.field(5, 5), sf);
    Value b = e.bit(11) ? e.k(Emitter.width(sf), e.field(16, 5)) : e.x(e.field(16, 5), sf);
    boolean sub = e.bit(30);
    Value flags =
        sub
            ? e.b.addFlags(a, e.un(UnOp.NOT, b), e.k(Type.I1, 1))
            : e.b.addFlags(a, b, e.k(Type.I1, 0));
    Value holds = e.cond(e.field(12, 4));
    e.setNzcv(e.b.select(holds, flags, e.k(Type.I32, (long) e.field(0, 4) << 28)));
  }

  /** CSEL, CSINC, CSINV, CSNEG. */
  static void conditionalSelect(Emitter e) {
    boolean sf = e.bit(31);
    Value n = e.x(e.field(5, 5), sf);
    Value m = e.x(e.field(16, 5), sf);
    boolean invert = e.bit(30);
    boolean increment = e.bit(10);
    Value otherwise;
    if (m instanceof Value.Const zero) {
      // Rm is ZR (CSET, CSETM, CINC and CINV of a register): the alternative is a constant.
      long v = zero.lo();
      otherwise = e.k(m.type(), invert ? (increment ? -v : ~v) : (increment ? v + 1 : v));
    } else if (invert) {
      otherwise = increment ? e.un(UnOp.NEG, m) : e.un(UnOp.NOT, m);
    } else {
      otherwise = increment ? e.op(BinOp.ADD, m, 1) : m;
    }
    e.setX(e.field(0, 5), e.b.select(e.cond(e.field(12, 4)), n, otherwise));
  }

  /** RBIT, REV16, REV32, REV, CLZ, CLS. */
  static void dataProcessing1(Emitter e) {
    boolean sf = e.bit(31);
    Value n = e.x(e.field(5, 5), sf);
    int opcode = e.field(10, 6);
    Value r =
        switch (opcode) {
          case 0 -> e.un(UnOp.RBIT, n);
          case 1 -> swapBytesIn(e, n, 16);
          case 2 -> sf ? swapBytesIn(e, n, 32) : e.un(UnOp.BSWAP, n);
          case 3 -> sf ? e.un(UnOp.BSWAP, n) : null;
          case 4 -> e.un(UnOp.CLZ, n);
          case 5 -> e.un(UnOp.CLS, n);
          default -> null;
        };
    if (r == null) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    e.setX(e.field(0, 5), r);
  }

  /** Reverses the bytes inside each {@code container}-bit unit. */
  private static Value swapBytesIn(Emitter e, Value v, int container) {
    Value swapped = e.un(UnOp.BSWAP, v);
    int bits = v.type().bits();
    if (container == bits) {
      return swapped;
    }
    if (container == 32) {
      return e.op(BinOp.ROR, swapped, 32);
    }
    long odd = bits == 64 ? 0xff00_ff00_ff00_ff00L : 0xff00_ff00L;
    long even = bits == 64 ? 0x00ff_00ff_00ff_00ffL : 0x00ff_00ffL;
    return e.op(
        BinOp.OR,
        e.op(BinOp.AND, e.op(BinOp.LSHR, v, 8), even),
        e.op(BinOp.AND, e.op(BinOp.SHL, v, 8), odd));
  }

  /** UDIV, SDIV, LSLV, LSRV, ASRV, RORV. */
  static void dataProcessing2(Emitter e) {
    boolean sf = e.bit(31);
    BinOp op =
        switch (e.field(10, 6)) {
          case 2 -> BinOp.UDIV;
          case 3 -> BinOp.SDIV;
          case 8 -> BinOp.SHL;
          case 9 -> BinOp.LSHR;
          case 10 -> BinOp.ASHR;
          case 11 -> BinOp.ROR;
          default -> null;
        };
    if (op == null) {
      e.trap(TrapKind.UNIMPLEMENTED, 0);
      return;
    }
    Value n = e.x(e.field(5, 5), sf);
    Value m = e.x(e.field(16, 5), sf);
    e.setX(e.field(0, 5), e.op(op, n, m));
  }

  /** MADD, MSUB, SMADDL, SMSUBL, SMULH, UMADDL, UMSUBL, UMULH. */
  static void dataProcessing3(Emitter e) {
    boolean sf = e.bit(31);
    int op31 = e.field(21, 3);
    boolean sub = e.bit(15);
    int rn = e.field(5, 5);
    int rm = e.field(16, 5);
    Value r;
    switch (op31) {
      case 0 -> {
        Value product = e.op(BinOp.MUL, e.x(rn, sf), e.x(rm, sf));
        r = e.op(sub ? BinOp.SUB : BinOp.ADD, e.x(e.field(10, 5), sf), product);
      }
      case 1, 5 -> {
        boolean signed = op31 == 1;
        Value n = widen(e, e.x(rn, false), signed);
        Value m = widen(e, e.x(rm, false), signed);
        Value product = e.op(BinOp.MUL, n, m);
        r = e.op(sub ? BinOp.SUB : BinOp.ADD, e.x(e.field(10, 5), true), product);
      }
      case 2, 6 -> r = e.op(op31 == 2 ? BinOp.SMULH : BinOp.UMULH, e.x(rn, true), e.x(rm, true));
      default -> {
        e.trap(TrapKind.UNDEFINED, 0);
        return;
      }
    }
    e.setX(e.field(0, 5), r);
  }

  private static Value widen(Emitter e, Value w, boolean signed) {
    return signed ? e.sext(Type.I64, w) : e.zext(Type.I64, w);
  }

  /** Compares used by CBZ-like tests: {@code v == 0}. */
  static Value isZero(Emitter e, Value v) {
    return e.b.compare(CmpOp.EQ, v, e.k(v.type(), 0));
  }
}
