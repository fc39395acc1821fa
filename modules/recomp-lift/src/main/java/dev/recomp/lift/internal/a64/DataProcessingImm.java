package dev.recomp.lift.internal.a64;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/** Data processing (immediate): ARM ARM C4.1.86. */
final class DataProcessingImm {
  private DataProcessingImm() {}

  /** ADR and ADRP. */
  static void pcRelative(Emitter e) {
    long imm = (e.signedField(5, 19) << 2) | e.field(29, 2);
    long value = e.bit(31) ? (e.pc & ~0xfffL) + (imm << 12) : e.pc + imm;
    e.setX(e.field(0, 5), e.k(Type.I64, value));
  }

  /** ADD, ADDS, SUB, SUBS (immediate). */
  static void addSubImm(Emitter e) {
    boolean sf = e.bit(31);
    long imm = (long) e.field(10, 12) << (e.bit(22) ? 12 : 0);
    Value a = e.xsp(e.field(5, 5), sf);
    DataProcessingReg.addSub(
        e, sf, e.bit(30), e.bit(29), a, e.k(Emitter.width(sf), imm), !e.bit(29));
  }

  /** AND, ORR, EOR, ANDS (immediate). */
  static void logicalImm(Emitter e) {
    boolean sf = e.bit(31);
    int bits = sf ? 64 : 32;
    BitMasks masks = BitMasks.decode(e.field(22, 1), e.field(10, 6), e.field(16, 6), true, bits);
    if (masks == null || (!sf && e.bit(22))) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value a = e.x(e.field(5, 5), sf);
    Value imm = e.k(Emitter.width(sf), masks.wmask());
    int opc = e.field(29, 2);
    Value r = e.op(opc == 1 ? BinOp.OR : opc == 2 ? BinOp.XOR : BinOp.AND, a, imm);
    if (opc == 3) {
      e.setNzcv(e.b.nzFlags(r));
      e.setX(e.field(0, 5), r);
    } else {
      e.setXsp(e.field(0, 5), r);
    }
  }

  /** MOVN, MOVZ, MOVK. */
  static void moveWide(Emitter e) {
    boolean sf = e.bit(31);
    int shift = e.field(21, 2) * 16;
    Type t = Emitter.width(sf);
    long imm = (long) e.field(5, 16) << shift;
    int rd = e.field(0, 5);
    switch (e.field(29, 2)) {
      case 0 -> e.setX(rd, e.k(t, ~imm));
      case 2 -> e.setX(rd, e.k(t, imm));
      default -> {
        Value kept = e.op(BinOp.AND, e.x(rd, sf), ~(0xffffL << shift));
        e.setX(rd, e.op(BinOp.OR, kept, imm));
      }
    }
  }

  /** SBFM, BFM, UBFM (and their aliases ASR, LSL, LSR, SXT*, UXT*, BFI, BFXIL, SBFX, UBFX...). */
  static void bitfield(Emitter e) {
    boolean sf = e.bit(31);
    int bits = sf ? 64 : 32;
    int opc = e.field(29, 2);
    int r = e.field(16, 6);
    int s = e.field(10, 6);
    BitMasks masks = BitMasks.decode(e.field(22, 1), s, r, false, bits);
    if (masks == null || e.bit(22) != sf || (!sf && (r >= 32 || s >= 32))) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value src = e.x(e.field(5, 5), sf);
    int rd = e.field(0, 5);
    Value dst = opc == 1 ? e.x(rd, sf) : e.k(Emitter.width(sf), 0);
    Value rotated = e.shift(src, 3, r);
    Value bot =
        e.op(
            BinOp.OR,
            e.op(BinOp.AND, dst, ~masks.wmask()),
            e.op(BinOp.AND, rotated, masks.wmask()));
    Value top = opc == 0 ? e.op(BinOp.ASHR, e.op(BinOp.SHL, src, bits - 1 - s), bits - 1) : dst;
    Value result =
        e.op(BinOp.OR, e.op(BinOp.AND, top, ~masks.tmask()), e.op(BinOp.AND, bot, masks.tmask()));
    e.setX(rd, result);
  }

  /** EXTR (and ROR immediate). */
  static void extract(Emitter e) {
    boolean sf = e.bit(31);
    int bits = sf ? 64 : 32;
    int lsb = e.field(10, 6);
    if (e.bit(22) != sf || lsb >= bits) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    int rn = e.field(5, 5);
    int rm = e.field(16, 5);
    Value hi = e.x(rn, sf);
    Value lo = e.x(rm, sf);
    // ROR (immediate) is EXTR of one register with itself: one rotate, which the backend emits as
    // the JDK's rotate intrinsic (a single host instruction) instead of two shifts and an OR.
    Value r =
        lsb == 0
            ? lo
            : rn == rm
                ? e.op(BinOp.ROR, lo, lsb)
                : e.op(BinOp.OR, e.op(BinOp.LSHR, lo, lsb), e.op(BinOp.SHL, hi, bits - lsb));
    e.setX(e.field(0, 5), r);
  }
}
