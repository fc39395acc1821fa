package dev.recomp.lift.jvm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value.Temp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lives {@link TempSlots} gives a block's temporaries, and that it lets only temporaries whose
 * lives do not overlap share a local. The differential tests check that compiled blocks compute
 * what the interpreter does; these check the rules those results rest on.
 */
class TempSlotsTest {
  private static final long PC = 0x1000;

  /** A temporary the emitter may not write to a local keeps no local from the next one. */
  @Test
  void aTemporaryLastReadByAnOperationIsFreeForTheNextOnly() {
    BlockBuilder b = new BlockBuilder(PC);
    Temp address = b.get(GuestReg.x(1));
    Temp loaded = b.load(Type.I64, address, MemOrder.PLAIN);
    Temp next = b.get(GuestReg.x(2));
    b.store(next, loaded, MemOrder.PLAIN);
    TempSlots.Layout layout = layout(b.finish(new Terminator.Jump(PC)));
    // The load reads the address and defines its value: not in one local.
    assertNotEquals(slot(layout, address), slot(layout, loaded));
    // The address's last read was the load: the next temporary may take its local.
    assertEquals(slot(layout, address), slot(layout, next));
  }

  /**
   * An add the emitter may compute at its use reads its operand there: the operand lives as long as
   * the sum, past a temporary defined in between.
   */
  @Test
  void theOperandOfADeferredValueLivesAsLongAsTheValue() {
    BlockBuilder b = new BlockBuilder(PC);
    Temp x1 = b.get(GuestReg.x(1));
    Temp sum = b.binary(BinOp.ADD, x1, BlockBuilder.constant(Type.I64, 1));
    Temp between = b.get(GuestReg.x(2));
    b.store(between, between, MemOrder.PLAIN);
    b.set(GuestReg.x(3), sum);
    TempSlots.Layout layout = layout(b.finish(new Terminator.Jump(PC)));
    assertEquals(4, layout.lastUse()[x1.id()], "the set of x3 reads the sum, and so x1");
    assertNotEquals(slot(layout, x1), slot(layout, between));
  }

  /** A get of a register the block set may stand for the value it was set to. */
  @Test
  void aValueSetToARegisterLivesAsLongAsALaterGetOfIt() {
    BlockBuilder b = new BlockBuilder(PC);
    Temp loaded = b.load(Type.I64, b.get(GuestReg.x(1)), MemOrder.PLAIN);
    b.set(GuestReg.x(0), loaded);
    Temp between = b.get(GuestReg.x(2));
    b.store(between, between, MemOrder.PLAIN);
    Temp again = b.get(GuestReg.x(0));
    b.store(between, again, MemOrder.PLAIN);
    TempSlots.Layout layout = layout(b.finish(new Terminator.Jump(PC)));
    assertEquals(layout.lastUse()[again.id()], layout.lastUse()[loaded.id()]);
    assertNotEquals(slot(layout, loaded), slot(layout, between));
  }

  /**
   * The low half of a vector register read is a view of the register's temporary: the temporary
   * lives as long as the half is read, past temporaries defined in between.
   */
  @Test
  void theOperandOfAViewLivesAsLongAsTheView() {
    BlockBuilder b = new BlockBuilder(PC);
    Temp vector = b.get(GuestReg.v(1));
    Temp low = b.convert(ConvOp.TRUNC, Type.I64, vector);
    Temp between = b.get(GuestReg.x(2));
    b.store(between, between, MemOrder.PLAIN);
    b.set(GuestReg.x(3), low);
    TempSlots.Layout layout = layout(b.finish(new Terminator.Jump(PC)));
    assertEquals(4, layout.lastUse()[vector.id()], "the set of x3 reads the low half");
    assertNotEquals(slot(layout, vector), slot(layout, between));
  }

  /** A branch's condition lives until the terminator, after every operation. */
  @Test
  void aBranchConditionLivesToTheEnd() {
    BlockBuilder b = new BlockBuilder(PC);
    Temp cond = b.compare(CmpOp.EQ, b.get(GuestReg.x(1)), b.get(GuestReg.x(2)));
    Temp later = b.get(GuestReg.x(3));
    b.store(later, later, MemOrder.PLAIN);
    Block block = b.finish(Terminator.Branch.of(cond, PC, PC + 4));
    TempSlots.Layout layout = layout(block);
    assertEquals(block.ops().size(), layout.lastUse()[cond.id()]);
    assertNotEquals(slot(layout, cond), slot(layout, later));
  }

  private static TempSlots.Layout layout(Block block) {
    return TempSlots.assign(block, Map.of(), HalfViews.of(block.ops()));
  }

  private static int slot(TempSlots.Layout layout, Temp t) {
    return layout.slots()[t.id()];
  }
}
