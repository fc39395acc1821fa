package dev.recomp.lift.jvm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.runtime.GuestMemory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which accesses of a block {@link AccessGroups} checks together. The differential tests check that
 * grouped accesses load, store and fault as the interpreter does; these check that the groups are
 * the ones meant.
 */
class AccessGroupsTest {
  private static final long PC = 0x1000;
  private static final GuestReg X0 = GuestReg.x(0);
  private static final GuestReg X1 = GuestReg.x(1);
  private static final GuestReg X2 = GuestReg.x(2);

  /**
   * busybox's SHA-256 schedule loop: {@code ldr w1, [x2, #56]; ldr w3, [x2, #4]; add x2, x2, #4;
   * ldur w5, [x2, #-4]; ldr w3, [x2, #32]; str w1, [x2, #60]} is one range of 68 bytes from the old
   * x2, read and written, checked at the first load.
   */
  @Test
  void accessesFromOneBaseThroughAConstantUpdateAreOneGroup() {
    BlockBuilder b = new BlockBuilder(PC);
    Value w1 = b.load(Type.I32, plus(b, b.get(X2), 56), MemOrder.PLAIN);
    b.load(Type.I32, plus(b, b.get(X2), 4), MemOrder.PLAIN);
    b.set(X2, plus(b, b.get(X2), 4));
    b.load(Type.I32, plus(b, b.get(X2), -4), MemOrder.PLAIN);
    b.load(Type.I32, plus(b, b.get(X2), 32), MemOrder.PLAIN);
    b.store(plus(b, b.get(X2), 60), w1, MemOrder.PLAIN);
    Block block = b.finish(new Terminator.Jump(PC));

    Map<Op, AccessGroups.Member> members = AccessGroups.of(block);

    AccessGroups.Group group =
        new AccessGroups.Group(0, 68, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, false);
    assertEquals(
        List.of(
            new AccessGroups.Member(group, 56, true),
            new AccessGroups.Member(group, 4, false),
            new AccessGroups.Member(group, 0, false),
            new AccessGroups.Member(group, 36, false),
            new AccessGroups.Member(group, 64, false)),
        accesses(block).stream().map(members::get).toList());
  }

  /**
   * Accesses through different bases, through a base replaced by an unrelated value, farther apart
   * than the window, or acquiring, are checked one by one.
   */
  @Test
  void accessesWithoutACommonBaseNearbyAreNotGrouped() {
    BlockBuilder b = new BlockBuilder(PC);
    b.load(Type.I64, b.get(X0), MemOrder.PLAIN);
    b.load(Type.I64, b.get(X1), MemOrder.PLAIN);
    b.load(Type.I64, plus(b, b.get(X2), 8), MemOrder.PLAIN);
    b.set(X2, b.convert(ConvOp.ZEXT, Type.I64, b.load(Type.I32, b.get(X2), MemOrder.ACQUIRE)));
    b.load(Type.I64, plus(b, b.get(X2), 16), MemOrder.PLAIN);
    b.store(plus(b, b.get(X0), AccessGroups.WINDOW), b.get(X1), MemOrder.PLAIN);

    assertTrue(AccessGroups.of(b.finish(new Terminator.Jump(PC))).isEmpty());
  }

  /**
   * Constant addresses share a base (zero); stores alone need only the write permission, and a
   * 128-bit access counts its 16 bytes. Two accesses are too few for a group.
   */
  @Test
  void constantAddressesAndWideStoresGroupByTheirBytes() {
    BlockBuilder b = new BlockBuilder(PC);
    b.store(BlockBuilder.constant(Type.I64, 0x5000), b.get(GuestReg.v(1)), MemOrder.PLAIN);
    b.store(BlockBuilder.constant(Type.I64, 0x5010), b.get(GuestReg.v(2)), MemOrder.PLAIN);
    Block pair = b.finish(new Terminator.Jump(PC));
    b = new BlockBuilder(PC);
    b.store(BlockBuilder.constant(Type.I64, 0x5000), b.get(GuestReg.v(1)), MemOrder.PLAIN);
    b.store(BlockBuilder.constant(Type.I64, 0x5010), b.get(GuestReg.v(2)), MemOrder.PLAIN);
    b.store(BlockBuilder.constant(Type.I64, 0x5008), b.get(X0), MemOrder.PLAIN);
    Block three = b.finish(new Terminator.Jump(PC));

    assertTrue(AccessGroups.of(pair).isEmpty());
    AccessGroups.Group group = new AccessGroups.Group(0, 32, GuestMemory.PROT_WRITE, false);
    assertEquals(
        List.of(
            new AccessGroups.Member(group, 0, true),
            new AccessGroups.Member(group, 16, false),
            new AccessGroups.Member(group, 8, false)),
        accesses(three).stream().map(AccessGroups.of(three)::get).toList());
  }

  /**
   * {@code ldp q1, q2, [x1, #32]} is one check of 32 bytes, like one access; the same two loads in
   * two instructions, or in descending order, are two.
   */
  @Test
  void theLoadsOfOneInstructionAreCheckedAsOneAccess() {
    BlockBuilder b = new BlockBuilder(PC);
    b.insnStart(PC, 0);
    Value first = b.load(Type.I128, plus(b, b.get(X1), 32), MemOrder.PLAIN);
    Value second = b.load(Type.I128, plus(b, b.get(X1), 48), MemOrder.PLAIN);
    b.set(GuestReg.v(1), first);
    b.set(GuestReg.v(2), second);
    Block ldp = b.finish(new Terminator.Jump(PC));
    b = new BlockBuilder(PC);
    b.insnStart(PC, 0);
    b.load(Type.I128, plus(b, b.get(X1), 32), MemOrder.PLAIN);
    b.insnStart(PC + 4, 0);
    b.load(Type.I128, plus(b, b.get(X1), 48), MemOrder.PLAIN);
    b.insnStart(PC + 8, 0);
    b.load(Type.I64, plus(b, b.get(X2), 8), MemOrder.PLAIN);
    b.load(Type.I64, b.get(X2), MemOrder.PLAIN);
    Block apart = b.finish(new Terminator.Jump(PC));

    AccessGroups.Group group = new AccessGroups.Group(0, 32, GuestMemory.PROT_READ, true);
    assertEquals(
        List.of(new AccessGroups.Member(group, 0, true), new AccessGroups.Member(group, 16, false)),
        accesses(ldp).stream().map(AccessGroups.of(ldp)::get).toList());
    assertTrue(AccessGroups.of(apart).isEmpty());
  }

  private static Value plus(BlockBuilder b, Value base, long offset) {
    return b.binary(BinOp.ADD, base, BlockBuilder.constant(Type.I64, offset));
  }

  private static List<Op> accesses(Block block) {
    return block.ops().stream()
        .filter(op -> op instanceof Op.Load || op instanceof Op.Store)
        .toList();
  }
}
