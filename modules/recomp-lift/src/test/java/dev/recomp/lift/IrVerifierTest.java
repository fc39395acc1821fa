package dev.recomp.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrVerifierTest {

  @Test
  void wellFormedBlockHasNoErrors() {
    BlockBuilder b = new BlockBuilder(0x1000);
    b.insnStart(0x1000, 0xab020020);
    Temp x1 = b.get(GuestReg.x(1));
    Temp x2 = b.get(GuestReg.x(2));
    b.set(GuestReg.x(0), b.binary(BinOp.ADD, x1, x2));
    b.set(GuestReg.NZCV, b.addFlags(x1, x2, Const.of(Type.I1, 0)));
    assertEquals(List.of(), IrVerifier.verify(b.finish(new Terminator.Jump(0x1004))));
  }

  @Test
  void factoriesRejectKindErrors() {
    Temp a = new Temp(0, Type.I64);
    Temp w = new Temp(1, Type.I32);
    assertThrows(IllegalArgumentException.class, () -> Op.Binary.of(a, BinOp.ADD, a, w));
    assertThrows(IllegalArgumentException.class, () -> Op.Set.of(GuestReg.x(0), w));
    assertThrows(
        IllegalArgumentException.class,
        () -> Op.Binary.of(new Temp(2, Type.I32), BinOp.UMULH, w, w));
    assertThrows(
        IllegalArgumentException.class,
        () -> Op.Convert.of(new Temp(3, Type.I32), Op.ConvOp.ZEXT, a));
    assertThrows(IllegalArgumentException.class, () -> Terminator.Branch.of(a, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> GuestReg.x(31));
  }

  @Test
  void reportsUseBeforeDefinitionDoubleDefinitionAndTypeMismatch() {
    Temp a = new Temp(0, Type.I64);
    Temp undefined = new Temp(7, Type.I64);
    Temp wrongType = new Temp(0, Type.I32);
    Block block =
        new Block(
            0x2000,
            List.of(
                new Op.Get(a, GuestReg.x(3)),
                new Op.Get(a, GuestReg.x(4)),
                new Op.Binary(new Temp(1, Type.I64), BinOp.ADD, a, undefined),
                new Op.Set(GuestReg.x(0), wrongType),
                new Op.Set(GuestReg.x(1), new Temp(1, Type.I64))),
            new Terminator.Branch(a, 0, 4));
    List<String> messages = IrVerifier.verify(block).stream().map(IrError::toString).toList();
    assertEquals(
        List.of(
            "block 0x2000, op 1: %0 is defined twice",
            "block 0x2000, op 2: %7 is used before it is defined",
            "block 0x2000, op 3: set x0 must be i64, not i32",
            "block 0x2000, op 3: %0 is used as i32 but defined as i64",
            "block 0x2000, terminator: branch condition must be i1"),
        messages);
  }

  @Test
  void constantsAreMaskedToTheirWidth() {
    assertEquals(0xffL, Const.of(Type.I8, -1).lo());
    assertEquals("0xff:i8", Const.of(Type.I8, -1).toString());
    assertTrue(Const.of(Type.I64, -1).lo() == -1L);
  }
}
