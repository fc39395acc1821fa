package dev.recomp.lift.jvm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What {@link RegisterFlow} makes a method load and write back. The differential tests check that
 * the generated code computes what the interpreter does; these check that it does so without the
 * loads the flows exist to avoid.
 */
class RegisterFlowTest {
  private static final long A = 0x1000;
  private static final long B = 0x1100;
  private static final long C = 0x1200;
  private static final long D = 0x1300;
  private static final long CALLEE = 0x9000;

  private static final GuestReg X0 = GuestReg.x(0);
  private static final GuestReg X1 = GuestReg.x(1);
  private static final GuestReg X2 = GuestReg.x(2);
  private static final GuestReg X5 = GuestReg.x(5);
  private static final GuestReg X19 = GuestReg.x(19);
  private static final GuestReg X30 = GuestReg.x(30);

  /**
   * {@code mov x5, #7; ldr x1, [x0]; bl callee} then {@code add x0, x19, #1; ret}: the entry loads
   * the address register only, the return site the registers it reads, and the load's fault writes
   * back X5 (written before it) but not X1 (its own write).
   */
  @Test
  void onlyRegistersReadBeforeTheyAreWrittenAreLoaded() {
    BlockBuilder a = new BlockBuilder(A);
    a.insnStart(A, 0);
    a.set(X5, k(7));
    a.insnStart(A + 4, 0);
    a.set(X1, a.load(Type.I64, a.get(X0), MemOrder.PLAIN));
    a.insnStart(A + 8, 0);
    a.set(X30, k(B));
    BlockBuilder b = new BlockBuilder(B);
    b.insnStart(B, 0);
    b.set(X0, b.binary(BinOp.ADD, b.get(X19), k(1)));
    b.insnStart(B + 4, 0);
    Block ret = b.finish(Terminator.IndirectJump.of(b.get(X30), Terminator.IndirectKind.RETURN));

    RegisterFlow flow = flow(List.of(a.finish(new Terminator.Call(CALLEE, B)), ret));

    assertEquals(Set.of(X0), flow.liveIn(A));
    assertEquals(Set.of(X19, X30), flow.liveIn(B));
    assertEquals(List.of(Set.of(X0, X5)), List.copyOf(flow.faultSpills(A).values()));
  }

  /**
   * X2 is written on one of two paths to a return, which writes it back: the other path returns the
   * value it had on entry, so the entry must load it.
   */
  @Test
  void aRegisterWrittenOnOnlySomePathsToASpillIsLoaded() {
    BlockBuilder a = new BlockBuilder(A);
    a.insnStart(A, 0);
    Value zero = a.compare(CmpOp.EQ, a.get(X0), k(0));
    Block branch = a.finish(Terminator.Branch.of(zero, B, C));
    BlockBuilder b = new BlockBuilder(B);
    b.insnStart(B, 0);
    b.set(X2, k(1));
    Block writes = b.finish(new Terminator.Jump(D));
    BlockBuilder c = new BlockBuilder(C);
    c.insnStart(C, 0);
    Block skips = c.finish(new Terminator.Jump(D));
    BlockBuilder d = new BlockBuilder(D);
    d.insnStart(D, 0);
    Block ret = d.finish(Terminator.IndirectJump.of(d.get(X30), Terminator.IndirectKind.RETURN));

    RegisterFlow flow = flow(List.of(branch, writes, skips, ret));

    assertEquals(Set.of(X0, X2, X30), flow.liveIn(A));
    assertEquals(Set.of(X2), flow.dirtyIn(D));
  }

  private static RegisterFlow flow(List<Block> blocks) {
    Set<Long> local = new TreeSet<>();
    blocks.forEach(block -> local.add(block.pc()));
    return new RegisterFlow(
        blocks, local, Set.of(blocks.getFirst().pc()), Set.of(), Set.of(), Set.of());
  }

  private static Value k(long v) {
    return BlockBuilder.constant(Type.I64, v);
  }
}
