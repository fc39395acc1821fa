package dev.recomp.lift.internal.a64;

import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Cond;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/**
 * The A64 view of a {@link BlockBuilder} for one instruction: register 31 as SP or ZR, W registers
 * as the low half of X, flags, operand shifts and extends, and the instruction's terminator.
 * Semantics methods read architectural fields from the word with {@link #field}.
 */
final class Emitter {
  final BlockBuilder b;
  final long pc;
  final int word;
  private Terminator end;

  Emitter(BlockBuilder b, long pc, int word) {
    this.b = b;
    this.pc = pc;
    this.word = word;
  }

  /** Bits {@code [lo, lo + len)} of the instruction word. */
  int field(int lo, int len) {
    return (word >>> lo) & ((1 << len) - 1);
  }

  boolean bit(int n) {
    return ((word >>> n) & 1) != 0;
  }

  /** Bits {@code [lo, lo + len)} of the word, sign-extended. */
  long signedField(int lo, int len) {
    return ((long) word << (64 - lo - len)) >> (64 - len);
  }

  static Type width(boolean sf) {
    return sf ? Type.I64 : Type.I32;
  }

  Value k(Type type, long v) {
    return BlockBuilder.constant(type, v);
  }

  /** X{@code n} or W{@code n}; register 31 reads as zero. */
  Value x(int n, boolean sf) {
    if (n == 31) {
      return k(width(sf), 0);
    }
    Value v = b.get(GuestReg.x(n));
    return sf ? v : trunc(Type.I32, v);
  }

  /** X{@code n} or W{@code n}; register 31 is SP. */
  Value xsp(int n, boolean sf) {
    Value v = n == 31 ? b.get(GuestReg.SP) : b.get(GuestReg.x(n));
    return sf ? v : trunc(Type.I32, v);
  }

  /** Writes X{@code n} (a W value is zero-extended); writes to register 31 are discarded. */
  void setX(int n, Value v) {
    if (n != 31) {
      b.set(GuestReg.x(n), to64(v));
    }
  }

  /** Writes X{@code n}, register 31 being SP. */
  void setXsp(int n, Value v) {
    b.set(n == 31 ? GuestReg.SP : GuestReg.x(n), to64(v));
  }

  Value to64(Value v) {
    return v.type() == Type.I64 ? v : zext(Type.I64, v);
  }

  Value op(BinOp op, Value a, Value c) {
    return b.binary(op, a, c);
  }

  Value op(BinOp op, Value a, long c) {
    return b.binary(op, a, k(a.type(), c));
  }

  Value un(UnOp op, Value a) {
    return b.unary(op, a);
  }

  Value zext(Type to, Value v) {
    return v.type() == to ? v : b.convert(ConvOp.ZEXT, to, v);
  }

  Value sext(Type to, Value v) {
    return v.type() == to ? v : b.convert(ConvOp.SEXT, to, v);
  }

  Value trunc(Type to, Value v) {
    return v.type() == to ? v : b.convert(ConvOp.TRUNC, to, v);
  }

  Value nzcv() {
    return b.get(GuestReg.NZCV);
  }

  void setNzcv(Value flags) {
    b.set(GuestReg.NZCV, flags);
  }

  /** Whether condition {@code code} holds now, as {@code i1}. */
  Value cond(int code) {
    return b.condHolds(Cond.of(code), nzcv());
  }

  /** The carry flag as {@code i1}. */
  Value carry() {
    return b.condHolds(Cond.CS, nzcv());
  }

  /** Applies shift type {@code type} (LSL, LSR, ASR, ROR) by a constant amount. */
  Value shift(Value v, int type, int amount) {
    if (amount == 0) {
      return v;
    }
    BinOp op =
        switch (type) {
          case 0 -> BinOp.SHL;
          case 1 -> BinOp.LSHR;
          case 2 -> BinOp.ASHR;
          default -> BinOp.ROR;
        };
    return op(op, v, amount);
  }

  /**
   * The A64 ExtendReg: the low 8/16/32/64 bits of {@code v} (option bits 1:0), zero- or
   * sign-extended (option bit 2) to {@code to}, shifted left by {@code shift}.
   */
  Value extend(Value v, int option, int shift, Type to) {
    Type part = Type.ofBytes(1 << (option & 3));
    Value low = part.bits() >= v.type().bits() ? v : trunc(part, v);
    Value wide;
    if (low.type().bits() >= to.bits()) {
      wide = trunc(to, low);
    } else {
      wide = (option & 4) != 0 ? sext(to, low) : zext(to, low);
    }
    return shift == 0 ? wide : op(BinOp.SHL, wide, shift);
  }

  Value load(Type type, Value addr) {
    return b.load(type, addr, MemOrder.PLAIN);
  }

  void store(Value addr, Value v) {
    b.store(addr, v, MemOrder.PLAIN);
  }

  Value add(Value a, long offset) {
    return offset == 0 ? a : op(BinOp.ADD, a, offset);
  }

  /** Ends the instruction with {@code t} instead of falling through. */
  void end(Terminator t) {
    end = t;
  }

  void trap(Terminator.TrapKind kind, int imm) {
    end(new Terminator.Trap(kind, pc, word, imm));
  }

  Terminator terminatorOr(Terminator fallThrough) {
    return end == null ? fallThrough : end;
  }

  boolean ended() {
    return end != null;
  }
}
