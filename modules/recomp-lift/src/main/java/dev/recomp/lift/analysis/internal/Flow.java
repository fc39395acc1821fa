package dev.recomp.lift.analysis.internal;

import static java.util.Map.entry;

import dev.recomp.isa.Insn;
import dev.recomp.isa.Operand;
import java.util.Map;
import java.util.OptionalLong;

/** How an instruction transfers control, by encoding name; everything else falls through. */
enum Flow {
  NONE,
  CALL,
  INDIRECT_CALL,
  JUMP,
  CONDITIONAL,
  INDIRECT_JUMP,
  RETURN,
  TRAP;

  private static final Map<String, Flow> BY_ENCODING =
      Map.ofEntries(
          entry("B", JUMP),
          entry("BL", CALL),
          entry("B_cond", CONDITIONAL),
          entry("CBZ", CONDITIONAL),
          entry("CBNZ", CONDITIONAL),
          entry("TBZ", CONDITIONAL),
          entry("TBNZ", CONDITIONAL),
          entry("BR", INDIRECT_JUMP),
          entry("BRAAZ", INDIRECT_JUMP),
          entry("BRABZ", INDIRECT_JUMP),
          entry("BRAA", INDIRECT_JUMP),
          entry("BRAB", INDIRECT_JUMP),
          entry("BLR", INDIRECT_CALL),
          entry("BLRAAZ", INDIRECT_CALL),
          entry("BLRABZ", INDIRECT_CALL),
          entry("BLRAA", INDIRECT_CALL),
          entry("BLRAB", INDIRECT_CALL),
          entry("RET", RETURN),
          entry("RETAA", RETURN),
          entry("RETAB", RETURN),
          entry("ERET", TRAP),
          entry("ERETAA", TRAP),
          entry("ERETAB", TRAP),
          entry("DRPS", TRAP),
          entry("BRK", TRAP),
          entry("HLT", TRAP),
          entry("UDF", TRAP));

  /** B.cond condition codes that always branch: AL (0b1110) and NV (0b1111). */
  private static final int ALWAYS = 0b1110;

  static Flow of(Insn insn) {
    return switch (insn) {
      case Insn.Unallocated u -> TRAP;
      case Insn.Op op -> {
        Flow flow = BY_ENCODING.getOrDefault(op.encoding().name(), NONE);
        yield flow == CONDITIONAL
                && op.encoding().name().equals("B_cond")
                && condition(op) >= ALWAYS
            ? JUMP
            : flow;
      }
    };
  }

  /** The condition field of a B.cond (bits 0-3). */
  static int condition(Insn.Op op) {
    return op.word() & 0xf;
  }

  /** The direct branch target, if the instruction has one. */
  static OptionalLong target(Insn insn) {
    if (insn instanceof Insn.Op op) {
      for (Operand o : op.operands()) {
        if (o instanceof Operand.Target t) {
          return OptionalLong.of(t.address());
        }
      }
    }
    return OptionalLong.empty();
  }

  /** Whether control can continue with the next instruction. */
  boolean fallsThrough() {
    return this == NONE || this == CALL || this == INDIRECT_CALL || this == CONDITIONAL;
  }
}
