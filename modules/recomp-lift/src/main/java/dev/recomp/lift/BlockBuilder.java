package dev.recomp.lift;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends operations to a block under construction, numbering temporaries. Each emitter goes
 * through the checking {@code of} factory and returns the defined temporary.
 */
public final class BlockBuilder {
  private final long pc;
  private final List<Op> ops = new ArrayList<>();
  private int nextTemp;

  public BlockBuilder(long pc) {
    this.pc = pc;
  }

  /** The guest address of the block's first instruction. */
  public long pc() {
    return pc;
  }

  /** Appends an already built operation. */
  public void emit(Op op) {
    ops.add(op);
  }

  /** A fresh temporary of {@code type}. */
  public Temp temp(Type type) {
    return new Temp(nextTemp++, type);
  }

  /** The constant {@code bits} of {@code type}. */
  public static Const constant(Type type, long bits) {
    return Const.of(type, bits);
  }

  public void insnStart(long insnPc, int word) {
    ops.add(new Op.InsnStart(insnPc, word));
  }

  public Temp get(GuestReg reg) {
    Temp t = temp(reg.type());
    ops.add(Op.Get.of(t, reg));
    return t;
  }

  public void set(GuestReg reg, Value value) {
    ops.add(Op.Set.of(reg, value));
  }

  public Temp binary(BinOp op, Value a, Value b) {
    Temp t = temp(a.type());
    ops.add(Op.Binary.of(t, op, a, b));
    return t;
  }

  public Temp unary(UnOp op, Value a) {
    Temp t = temp(a.type());
    ops.add(Op.Unary.of(t, op, a));
    return t;
  }

  public Temp convert(ConvOp op, Type to, Value a) {
    Temp t = temp(to);
    ops.add(Op.Convert.of(t, op, a));
    return t;
  }

  public Temp compare(CmpOp op, Value a, Value b) {
    Temp t = temp(Type.I1);
    ops.add(Op.Compare.of(t, op, a, b));
    return t;
  }

  public Temp select(Value cond, Value ifTrue, Value ifFalse) {
    Temp t = temp(ifTrue.type());
    ops.add(Op.Select.of(t, cond, ifTrue, ifFalse));
    return t;
  }

  public Temp addFlags(Value a, Value b, Value carryIn) {
    Temp t = temp(Type.I32);
    ops.add(Op.AddFlags.of(t, a, b, carryIn));
    return t;
  }

  public Temp nzFlags(Value result) {
    Temp t = temp(Type.I32);
    ops.add(Op.NzFlags.of(t, result));
    return t;
  }

  public Temp condHolds(Cond cond, Value nzcv) {
    Temp t = temp(Type.I1);
    ops.add(Op.CondHolds.of(t, cond, nzcv));
    return t;
  }

  public Temp load(Type type, Value addr, MemOrder order) {
    Temp t = temp(type);
    ops.add(Op.Load.of(t, addr, order));
    return t;
  }

  public void store(Value addr, Value value, MemOrder order) {
    ops.add(Op.Store.of(addr, value, order));
  }

  public Temp loadExclusive(Type type, Value addr, MemOrder order) {
    Temp t = temp(type);
    ops.add(Op.LoadExclusive.of(t, addr, order));
    return t;
  }

  public Temp storeExclusive(Value addr, Value value, MemOrder order) {
    Temp t = temp(Type.I32);
    ops.add(Op.StoreExclusive.of(t, addr, value, order));
    return t;
  }

  public Temp callHelper(Helper helper, List<Value> args) {
    Temp t = temp(helper.result());
    ops.add(Op.CallHelper.of(t, helper, args));
    return t;
  }

  /** Ends the block. The builder must not be used afterwards. */
  public Block finish(Terminator terminator) {
    return new Block(pc, ops, terminator);
  }
}
