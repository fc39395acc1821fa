package dev.recomp.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrPrinterTest {

  @Test
  void printsEveryOperationKind() {
    BlockBuilder b = new BlockBuilder(0x400000);
    b.insnStart(0x400000, 0xc85ffc20);
    Temp addr = b.get(GuestReg.x(1));
    Temp loaded = b.loadExclusive(Type.I64, addr, MemOrder.ACQUIRE);
    Temp status = b.storeExclusive(addr, loaded, MemOrder.RELEASE);
    Temp wide = b.convert(Op.ConvOp.ZEXT, Type.I64, status);
    Temp flags = b.nzFlags(wide);
    Temp eq = b.condHolds(Cond.EQ, flags);
    Temp pick = b.select(eq, wide, Const.of(Type.I64, 1));
    b.store(addr, b.convert(Op.ConvOp.TRUNC, Type.I8, pick), MemOrder.PLAIN);
    b.emit(new Op.Barrier(Op.BarrierKind.DATA_MEMORY));
    b.emit(new Op.ClearExclusive());
    b.callHelper(Helper.READ_CNTVCT, List.of());
    Block block = b.finish(Terminator.Branch.of(eq, 0x400100, 0x400004));
    assertEquals(
        """
        block 0x400000:
        ; 0x400000: c85ffc20
          %0:i64 = get x1
          %1:i64 = ldex.acquire %0
          %2:i32 = stex.release %0, %1
          %3:i64 = zext %2
          %4:i32 = nzflags %3
          %5:i1 = cond.eq %4
          %6:i64 = select %5, %3, 0x1:i64
          %7:i8 = trunc %6
          store %0, %7
          barrier data_memory
          clrex
          %8:i64 = call read_cntvct()
          branch %5, 0x400100, 0x400004
        """,
        block.toString());
    assertEquals(List.of(), IrVerifier.verify(block));
  }
}
