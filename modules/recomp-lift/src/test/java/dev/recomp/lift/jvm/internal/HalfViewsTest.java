package dev.recomp.lift.jvm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.Value.Temp;
import dev.recomp.lift.jvm.internal.HalfViews.Half;
import dev.recomp.lift.jvm.internal.HalfViews.View;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which temporaries {@link HalfViews} finds to be rearranged halves, and where it finds their
 * halves. The differential tests check that compiled code using them computes what the interpreter
 * does; these check that the shapes the lifter's vector code makes are found, and others not.
 */
class HalfViewsTest {
  private static final Value ZERO = BlockBuilder.constant(Type.I64, 0);

  @Test
  void theLifterJoinOfTwoHalvesReadsEachHalfWhereItIs() {
    BlockBuilder b = new BlockBuilder(0x1000);
    Temp low = b.get(GuestReg.x(1));
    Temp high = b.get(GuestReg.x(2));
    Temp wideLow = b.convert(ConvOp.ZEXT, Type.I128, low);
    Temp up = b.binary(BinOp.SHL, b.convert(ConvOp.ZEXT, Type.I128, high), k128(64));
    Temp joined = b.binary(BinOp.OR, wideLow, up);
    Map<Integer, View> views = HalfViews.of(b.finish(new Terminator.Jump(0x1000)).ops());
    assertEquals(new View(new Half(wideLow, false), new Half(up, true)), views.get(joined.id()));
    assertEquals(new View(new Half(low, false), new Half(ZERO, false)), views.get(wideLow.id()));
  }

  @Test
  void theHighHalfOfAVectorIsItsHighLongShiftedDown() {
    BlockBuilder b = new BlockBuilder(0x1000);
    Temp vector = b.get(GuestReg.v(0));
    Temp down = b.binary(BinOp.LSHR, vector, k128(64));
    Temp half = b.convert(ConvOp.TRUNC, Type.I64, down);
    Map<Integer, View> views = HalfViews.of(b.finish(new Terminator.Jump(0x1000)).ops());
    assertEquals(new View(new Half(vector, true), new Half(ZERO, false)), views.get(down.id()));
    assertEquals(new View(new Half(down, false), null), views.get(half.id()));
  }

  @Test
  void operationsThatComputeAreNotViews() {
    BlockBuilder b = new BlockBuilder(0x1000);
    Temp v = b.get(GuestReg.v(0));
    Temp w = b.get(GuestReg.v(1));
    Temp overlapping = b.binary(BinOp.OR, v, w);
    Temp byOther = b.binary(BinOp.LSHR, v, k128(8));
    Temp signed = b.convert(ConvOp.SEXT, Type.I128, b.get(GuestReg.x(0)));
    Temp narrow = b.convert(ConvOp.TRUNC, Type.I32, v);
    Map<Integer, View> views = HalfViews.of(b.finish(new Terminator.Jump(0x1000)).ops());
    for (Temp t : new Temp[] {v, overlapping, byOther, signed, narrow}) {
      assertFalse(views.containsKey(t.id()), t + " is computed");
    }
  }

  private static Value k128(long bits) {
    return BlockBuilder.constant(Type.I128, bits);
  }
}
