package dev.recomp.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifter's output shape: text form of typical instructions, traps, and verifier-clean IR. */
class A64LifterTest {
  private final A64Lifter lifter = A64Lifter.standard();

  @Test
  void addsLiftsToExplicitFlags() {
    Block block = lifter.liftInstruction(0x400000, 0xab020020);
    assertEquals(
        """
        block 0x400000:
        ; 0x400000: ab020020
          %0:i64 = get x1
          %1:i64 = get x2
          %2:i64 = add %0, %1
          %3:i32 = addflags %0, %1, 0x0:i1
          set nzcv, %3
          set x0, %2
          jump 0x400004
        """,
        block.toString());
    assertEquals(List.of(), IrVerifier.verify(block));
  }

  @Test
  void rorImmediateIsOneRotateAndExtrOfTwoRegistersTwoShifts() {
    String ror = lifter.liftInstruction(0x400000, 0x13830864).toString();
    assertTrue(ror.contains(" = ror %3, 0x2:i32"), ror);
    String extr = lifter.liftInstruction(0x400000, 0x93c22020).toString();
    assertTrue(extr.contains("= lshr ") && extr.contains("= shl ") && !extr.contains("ror"), extr);
  }

  @Test
  void pairsUpToSixteenBytesAccessMemoryOnce() {
    assertEquals(List.of(128), accessBits(0xa9bf07e0)); // stp x0, x1, [sp, #-16]!
    assertEquals(List.of(64), accessBits(0x29400440)); // ldp w0, w1, [x2]
    assertEquals(List.of(64), accessBits(0x694110a3)); // ldpsw x3, x4, [x5, #8]
    assertEquals(List.of(128), accessBits(0xa9400440)); // ldp x0, x1, [x2]
    assertEquals(List.of(128), accessBits(0x6d400440)); // ldp d0, d1, [x2]
    assertEquals(List.of(64), accessBits(0x2d010440)); // stp s0, s1, [x2, #8]
    assertEquals(List.of(128, 128), accessBits(0xad400440)); // ldp q0, q1, [x2]
  }

  /** The widths of the loads and stores {@code word} lifts to, in order. */
  private List<Integer> accessBits(int word) {
    Block block = lifter.liftInstruction(0x400000, word);
    assertEquals(List.of(), IrVerifier.verify(block));
    return block.ops().stream()
        .<Integer>mapMulti(
            (op, out) -> {
              switch (op) {
                case Op.Load l -> out.accept(l.dst().type().bits());
                case Op.Store st -> out.accept(st.value().type().bits());
                default -> {}
              }
            })
        .toList();
  }

  @Test
  void svcEndsTheBlockWithASyscall() {
    Block block = lifter.liftInstruction(0x1000, 0xd4000001);
    assertEquals(new Terminator.Syscall(0, 0x1004), block.terminator());
  }

  @Test
  void unimplementedAndUnallocatedWordsTrapWithPcAndWord() {
    Block crc32b = lifter.liftInstruction(0x2000, 0x1ac24020);
    assertEquals(
        new Terminator.Trap(Terminator.TrapKind.UNIMPLEMENTED, 0x2000, 0x1ac24020, 0),
        crc32b.terminator());
    Block garbage = lifter.liftInstruction(0x3000, 0xffffffff);
    assertEquals(
        new Terminator.Trap(Terminator.TrapKind.UNDEFINED, 0x3000, 0xffffffff, 0),
        garbage.terminator());
  }

  @Test
  void blockEndsAtTheFirstBranch() {
    int[] code = {0x91000420, 0xd1000400, 0x17fffffe, 0xd503201f};
    Block block = lifter.liftBlock(0x8000, a -> code[(int) ((a - 0x8000) / 4)], 16);
    assertEquals(new Terminator.Jump(0x8000), block.terminator());
    assertEquals(3, block.ops().stream().filter(op -> op instanceof Op.InsnStart).count());
    assertEquals(List.of(), IrVerifier.verify(block));
  }

  @Test
  void everyImplementedRowLiftsToVerifiedIr() {
    var decoder = dev.recomp.isa.Decoder.standard();
    var random = new java.util.SplittableRandom(7);
    for (var row : decoder.encodings()) {
      if (!A64Lifter.implementedEncodings().contains(row.name())) {
        continue;
      }
      for (int i = 0; i < 50; i++) {
        int word = row.bits() | (random.nextInt() & ~row.mask());
        Block block = lifter.liftInstruction(0x10000, word);
        assertEquals(List.of(), IrVerifier.verify(block), () -> String.format("%08x", word));
      }
    }
  }
}
