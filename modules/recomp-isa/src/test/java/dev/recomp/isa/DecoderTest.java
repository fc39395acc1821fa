package dev.recomp.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.recomp.isa.Operand.FpImm;
import dev.recomp.isa.Operand.Gpr;
import dev.recomp.isa.Operand.Imm;
import dev.recomp.isa.Operand.MemImm;
import dev.recomp.isa.Operand.MemReg;
import dev.recomp.isa.Operand.Radix;
import dev.recomp.isa.Operand.Shift;
import dev.recomp.isa.Operand.SysReg;
import dev.recomp.isa.Operand.Target;
import dev.recomp.isa.Operand.VecElem;
import dev.recomp.isa.Operand.VecReg;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Typed operands of individual decodes. The text assertions are what aarch64-linux-gnu-objdump 2.40
 * prints for these words (checked with {@code objdump -D -b binary -m aarch64}); the typed values
 * are the architectural meaning.
 */
class DecoderTest {
  private final Decoder decoder = Decoder.standard();

  private Insn.Op op(long pc, int word, String encoding) {
    Insn.Op op = assertInstanceOf(Insn.Op.class, decoder.decode(pc, word));
    assertEquals(encoding, op.encoding().name());
    return op;
  }

  @Test
  void addImmediateDistinguishesSpFromZr() {
    // 910003fd: mov x29, sp (ADD x29, sp, #0)
    Insn.Op op = op(0, 0x910003fd, "ADD_imm");
    assertEquals(
        List.of(new Gpr(29, true, true), new Gpr(31, true, true), new Imm(0, Radix.HEX)),
        op.operands());
    assertEquals("mov\tx29, sp", Disassembler.format(op));
    // aa1f03e0: mov x0, xzr (ORR x0, xzr, xzr)
    Insn.Op orr = op(0, 0xaa1f03e0, "ORR_sreg");
    assertEquals(new Gpr(31, true, false), orr.operands().get(1));
    assertEquals("mov\tx0, xzr", Disassembler.format(orr));
  }

  @Test
  void logicalImmediateIsExpanded() {
    // 92400c00: and x0, x0, #0xf
    Insn.Op op = op(0, 0x92400c00, "AND_imm");
    assertEquals(new Imm(0xf, Radix.HEX), op.operands().get(2));
    // b2410000 orr x0, x0, #0x8000000000000000
    assertEquals(
        new Imm(0x8000000000000000L, Radix.HEX), op(0, 0xb2410000, "ORR_imm").operands().get(2));
  }

  @Test
  void preIndexPairAndRegisterOffset() {
    // a9bf7bfd: stp x29, x30, [sp, #-16]!
    Insn.Op stp = op(0, 0xa9bf7bfd, "STP_x_pre");
    assertEquals(new MemImm(new Gpr(31, true, true), -16, IndexMode.PRE), stp.operands().get(2));
    // f8627800: ldr x0, [x0, x2, lsl #3]
    Insn.Op ldr = op(0, 0xf8627800, "LDR_x_reg");
    assertEquals(
        new MemReg(new Gpr(0, true, true), new Gpr(2, true, false), ExtendType.LSL, 3, true),
        ldr.operands().get(1));
    assertEquals("ldr\tx0, [x0, x2, lsl #3]", Disassembler.format(ldr));
  }

  @Test
  void branchTargetsAreAbsolute() {
    // 9400001e at 0x4002a0: bl 0x400318
    Insn.Op bl = op(0x4002a0, 0x9400001e, "BL");
    assertEquals(new Target(0x400318), bl.operands().get(0));
    assertEquals("bl\t0x400318", Disassembler.format(bl));
    assertEquals("bl\t400318", Disassembler.format(bl, Disassembler.TargetStyle.BARE));
    // 54fffe28 at 0x4007b4: b.hi back by 0x3c
    Insn.Op bhi = op(0x4007b4, 0x54fffe28, "B_cond");
    assertEquals("b.hi", bhi.mnemonic());
    assertEquals(new Target(0x400778), bhi.operands().get(0));
  }

  @Test
  void systemRegisterAndFpImmediate() {
    // d53bd040: mrs x0, tpidr_el0
    Insn.Op mrs = op(0, 0xd53bd040, "MRS");
    assertEquals(new SysReg(3, 3, 13, 0, 2), mrs.operands().get(1));
    assertEquals("mrs\tx0, tpidr_el0", Disassembler.format(mrs));
    // 1e6e1000: fmov d0, #1.0
    Insn.Op fmov = op(0, 0x1e6e1000, "FMOV_imm");
    assertEquals(new FpImm(1.0), fmov.operands().get(1));
    assertEquals("fmov\td0, #1.000000000000000000e+00", Disassembler.format(fmov));
  }

  @Test
  void vectorArrangementsAndElements() {
    // 4f000400: movi v0.4s, #0x0
    Insn.Op movi = op(0, 0x4f000400, "MOVI_32");
    assertEquals(new VecReg(0, Arrangement.S4), movi.operands().get(0));
    // 0e013c17: umov w23, v0.b[0]
    Insn.Op umov = op(0, 0x0e013c17, "UMOV");
    assertEquals(new VecElem(0, 'b', 0), umov.operands().get(1));
    // 0f002420: movi v0.2s, #0x1, lsl #8 (cmode 0010)
    Insn.Op shifted = op(0, 0x0f002420, "MOVI_32");
    assertEquals(new Shift(ShiftType.LSL, 8), shifted.operands().get(2));
  }

  @Test
  void extensionsAreNamed() {
    assertEquals(Extension.SVE, op(0, 0xa400a020, "LD1B_b_imm").encoding().extension());
    assertEquals(Extension.MTE, op(0, 0xd9600000, "LDG").encoding().extension());
    assertEquals(Extension.MOPS, op(0, 0x19010443, "CPYFP").encoding().extension());
    assertEquals("cpyfp\t[x3]!, [x1]!, x2!", Disassembler.format(decoder.decode(0, 0x19010443)));
    assertEquals(
        "ld1b\t{z1.b}, p0/z, [x1, #1, mul vl]", Disassembler.format(decoder.decode(0, 0xa401a021)));
  }

  @Test
  void unallocatedIsAValue() {
    Insn insn = decoder.decode(8, 0xffffffff);
    assertEquals(new Insn.Unallocated(8, 0xffffffff), insn);
    assertEquals(".inst\t0xffffffff ; undefined", Disassembler.format(insn));
  }
}
