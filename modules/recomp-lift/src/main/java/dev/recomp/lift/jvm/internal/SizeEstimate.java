package dev.recomp.lift.jvm.internal;

import dev.recomp.lift.Block;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;

/**
 * An upper estimate of the bytecode one block becomes, used to cut functions into regions before
 * emitting. The emitter checks the real sizes afterwards and re-plans with smaller regions if an
 * estimate was low.
 */
final class SizeEstimate {
  private SizeEstimate() {}

  /** Budget check at the block's head. */
  private static final int BLOCK_HEAD = 24;

  /** Spilling or reloading every cached register costs about this much per register. */
  private static final int ALL_REGISTERS = 31 * 10;

  static long of(Block block) {
    long size = BLOCK_HEAD;
    for (Op op : block.ops()) {
      size += of(op);
    }
    return size + of(block.terminator());
  }

  private static int of(Op op) {
    return switch (op) {
      case Op.Get _, Op.Set _ -> 12;
      case Op.Binary _, Op.Unary _, Op.Convert _ -> 18;
      case Op.Compare _, Op.Select _ -> 24;
      case Op.AddFlags _, Op.NzFlags _, Op.CondHolds _ -> 20;
      case Op.Load _, Op.Store _ -> 16;
      case Op.LoadExclusive _, Op.StoreExclusive _ -> 24;
      case Op.ClearExclusive _, Op.Barrier _ -> 8;
      case Op.CallHelper c -> 24 + 8 * c.args().size();
      case Op.InsnStart _ -> 10;
    };
  }

  private static int of(Terminator t) {
    return switch (t) {
      case Terminator.Jump _ -> 8;
      case Terminator.Branch _ -> 30;
      case Terminator.Call _, Terminator.CallIndirect _, Terminator.Syscall _ ->
          2 * ALL_REGISTERS + 40;
      case Terminator.IndirectJump _, Terminator.Trap _ -> ALL_REGISTERS + 40;
    };
  }
}
