package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/** Branches, exception generation and system instructions: ARM ARM C4.1.85. */
final class Branch {
  private Branch() {}

  /** B and BL. */
  static void unconditional(Emitter e) {
    long target = e.pc + (e.signedField(0, 26) << 2);
    if (e.bit(31)) {
      e.b.set(GuestReg.x(30), e.k(Type.I64, e.pc + 4));
      e.end(new Terminator.Call(target, e.pc + 4));
    } else {
      e.end(new Terminator.Jump(target));
    }
  }

  /** B.cond. */
  static void conditional(Emitter e) {
    if (e.bit(4)) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    long target = e.pc + (e.signedField(5, 19) << 2);
    e.end(Terminator.Branch.of(e.cond(e.field(0, 4)), target, e.pc + 4));
  }

  /** CBZ, CBNZ. */
  static void compareAndBranch(Emitter e) {
    Value v = e.x(e.field(0, 5), e.bit(31));
    Value test = e.b.compare(e.bit(24) ? CmpOp.NE : CmpOp.EQ, v, e.k(v.type(), 0));
    e.end(Terminator.Branch.of(test, e.pc + (e.signedField(5, 19) << 2), e.pc + 4));
  }

  /** TBZ, TBNZ. */
  static void testAndBranch(Emitter e) {
    int bit = (e.field(31, 1) << 5) | e.field(19, 5);
    Value v = e.x(e.field(0, 5), true);
    Value isolated = e.op(BinOp.AND, v, 1L << bit);
    Value test = e.b.compare(e.bit(24) ? CmpOp.NE : CmpOp.EQ, isolated, e.k(Type.I64, 0));
    e.end(Terminator.Branch.of(test, e.pc + (e.signedField(5, 14) << 2), e.pc + 4));
  }

  /** BR, BLR, RET (without pointer authentication). */
  static void register(Emitter e) {
    int opc = e.field(21, 4);
    if (e.field(10, 6) != 0 || e.field(0, 5) != 0 || opc > 2) {
      e.trap(TrapKind.UNIMPLEMENTED, 0);
      return;
    }
    Value target = branchAddress(e, e.x(e.field(5, 5), true));
    switch (opc) {
      case 0 -> e.end(Terminator.IndirectJump.of(target, Terminator.IndirectKind.JUMP));
      case 1 -> {
        e.b.set(GuestReg.x(30), e.k(Type.I64, e.pc + 4));
        e.end(Terminator.CallIndirect.of(target, e.pc + 4));
      }
      default -> e.end(Terminator.IndirectJump.of(target, Terminator.IndirectKind.RETURN));
    }
  }

  /**
   * The pseudocode's BranchAddr under Linux's EL0 translation control (TBI0 = 1, TBI1 = 0): a
   * lower-half target (bit 55 clear) loses its top byte, an upper-half target is kept. Without a
   * branch: bit 55 copied over the top byte by two shifts keeps the top byte or clears it.
   */
  private static Value branchAddress(Emitter e, Value target) {
    Value upperHalf = e.op(BinOp.ASHR, e.op(BinOp.SHL, target, 8), 63);
    return e.op(BinOp.AND, target, e.op(BinOp.OR, upperHalf, 0x00ff_ffff_ffff_ffffL));
  }

  /** SVC, BRK, HLT (other exception-generating encodings are UNDEFINED at EL0). */
  static void exception(Emitter e) {
    int imm = e.field(5, 16);
    int kind = (e.field(21, 3) << 5) | e.field(0, 5);
    switch (kind) {
      case 0b000_00001 -> e.end(new Terminator.Syscall(imm, e.pc + 4));
      case 0b001_00000 -> e.trap(TrapKind.BREAKPOINT, imm);
      case 0b010_00000 -> e.trap(TrapKind.HALT, imm);
      default -> e.trap(TrapKind.UNDEFINED, imm);
    }
  }

  /** UDF. */
  static void permanentlyUndefined(Emitter e) {
    e.trap(TrapKind.PERMANENTLY_UNDEFINED, e.field(0, 16));
  }
}
