package dev.recomp.lift.analysis.internal;

import dev.recomp.isa.IndexMode;
import dev.recomp.isa.Insn;
import dev.recomp.isa.Operand;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which general-purpose registers an instruction may write, over-approximated: analysis only uses
 * it to prove that a value reaches a use unchanged, so "may" errs towards "yes".
 */
final class Registers {
  /** Encodings that write no general-purpose register at all. */
  private static final Set<String> NO_WRITE =
      Set.of(
          "B", "B_cond", "CBZ", "CBNZ", "TBZ", "TBNZ", "HINT", "DMB", "DSB", "ISB", "SB", "CLREX",
          "SVC", "HVC", "SMC", "BRK", "HLT", "UDF");

  /** Families that write no general-purpose register: branches, compares, prefetches. */
  private static final List<String> NO_WRITE_PREFIXES =
      List.of("BR", "RET", "ERET", "PRFM", "MSR", "FCMP", "FCCMP", "CCMP", "CCMN");

  /** Plain stores: the first operand is read; only a pre/post-indexed base is written. */
  private static final List<String> STORE_PREFIXES = List.of("STR", "STUR", "STP", "STNP");

  /** Loads of a register pair: the first two operands are written. */
  private static final List<String> PAIR_LOAD_PREFIXES = List.of("LDP", "LDNP", "LDPSW");

  /** Registers a call may change: the argument/scratch registers x0-x18 and the link register. */
  private static final int LAST_CALLER_SAVED = 18;

  private static final int LINK = 30;

  private Registers() {}

  /** How an encoding writes registers, worked out once per encoding name. */
  private enum Shape {
    CALL,
    NONE,
    STORE,
    LEADING_ONE,
    LEADING_TWO,
    ANY
  }

  private static final Map<String, Shape> SHAPES = new ConcurrentHashMap<>();

  private static Shape shape(String name) {
    if (name.equals("BL") || name.startsWith("BLR")) {
      return Shape.CALL;
    }
    if (NO_WRITE.contains(name) || startsWithAny(name, NO_WRITE_PREFIXES)) {
      return Shape.NONE;
    }
    if (startsWithAny(name, STORE_PREFIXES)) {
      return Shape.STORE;
    }
    if (!isSimple(name)) {
      // Exclusives, atomics and anything unusual: any register operand may be written.
      return Shape.ANY;
    }
    return startsWithAny(name, PAIR_LOAD_PREFIXES) ? Shape.LEADING_TWO : Shape.LEADING_ONE;
  }

  /** Whether {@code insn} may change register {@code reg} (0-30). */
  static boolean mayWrite(Insn insn, int reg) {
    if (!(insn instanceof Insn.Op op)) {
      return false;
    }
    Shape shape = SHAPES.computeIfAbsent(op.encoding().name(), Registers::shape);
    List<Operand> operands = op.operands();
    return switch (shape) {
      case CALL -> reg <= LAST_CALLER_SAVED || reg == LINK;
      case NONE -> false;
      case STORE -> writesBack(operands, reg);
      case LEADING_ONE -> leading(operands, 1, reg) || writesBack(operands, reg);
      case LEADING_TWO -> leading(operands, 2, reg) || writesBack(operands, reg);
      case ANY ->
          writesBack(operands, reg)
              || operands.stream().anyMatch(o -> o instanceof Operand.Gpr g && g.number() == reg);
    };
  }

  private static boolean leading(List<Operand> operands, int count, int reg) {
    for (int i = 0; i < Math.min(count, operands.size()); i++) {
      if (operands.get(i) instanceof Operand.Gpr g && g.number() == reg) {
        return true;
      }
    }
    return false;
  }

  /** Data processing, single and pair loads: only the leading operands are destinations. */
  private static boolean isSimple(String name) {
    return !(name.startsWith("ST")
        || name.startsWith("CAS")
        || name.startsWith("SWP")
        || name.startsWith("LDOP")
        || name.startsWith("LDX")
        || name.startsWith("LDAX")
        || name.startsWith("SYS"));
  }

  private static boolean writesBack(List<Operand> operands, int reg) {
    for (Operand o : operands) {
      boolean written =
          switch (o) {
            case Operand.MemImm m -> m.mode() != IndexMode.OFFSET && m.base().number() == reg;
            case Operand.MemPostReg p -> p.base().number() == reg;
            case Operand.Writeback w -> w.register().number() == reg;
            default -> false;
          };
      if (written) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithAny(String name, List<String> prefixes) {
    return prefixes.stream().anyMatch(name::startsWith);
  }
}
