package dev.recomp.isa;

import dev.recomp.isa.Operand.Cond;
import dev.recomp.isa.Operand.ControlReg;
import dev.recomp.isa.Operand.Extend;
import dev.recomp.isa.Operand.Flags;
import dev.recomp.isa.Operand.FpImm;
import dev.recomp.isa.Operand.FpReg;
import dev.recomp.isa.Operand.Gpr;
import dev.recomp.isa.Operand.Imm;
import dev.recomp.isa.Operand.MemImm;
import dev.recomp.isa.Operand.MemPostReg;
import dev.recomp.isa.Operand.MemReg;
import dev.recomp.isa.Operand.PReg;
import dev.recomp.isa.Operand.Shift;
import dev.recomp.isa.Operand.SveMem;
import dev.recomp.isa.Operand.SysReg;
import dev.recomp.isa.Operand.Target;
import dev.recomp.isa.Operand.VecElem;
import dev.recomp.isa.Operand.VecList;
import dev.recomp.isa.Operand.VecReg;
import dev.recomp.isa.Operand.Writeback;
import dev.recomp.isa.Operand.ZList;
import dev.recomp.isa.Operand.ZReg;
import dev.recomp.isa.internal.Names;
import dev.recomp.isa.internal.Row;
import java.util.List;
import java.util.Locale;

/**
 * Prints instructions in GNU objdump syntax: objdump's preferred alias (the first matching alias
 * row of the encoding), its register names and immediate formats, and absolute branch targets. The
 * result is the instruction column of {@code objdump -d}: mnemonic, a tab, operands.
 */
public final class Disassembler {
  private Disassembler() {}

  /**
   * How objdump writes a branch or literal target: as {@code 0x..} when the binary has no symbols,
   * and as bare hex followed by a {@code <symbol+offset>} annotation when it has.
   */
  public enum TargetStyle {
    /** {@code 0x4003a8}: objdump on a stripped binary. */
    HEX_PREFIXED,
    /** {@code 4003a8}: objdump on a binary with symbols, before its {@code <symbol>} annotation. */
    BARE
  }

  /** The objdump text of {@code insn}, as for a stripped binary. */
  public static String format(Insn insn) {
    return format(insn, TargetStyle.HEX_PREFIXED);
  }

  /** The objdump text of {@code insn} with targets written in {@code style}. */
  public static String format(Insn insn, TargetStyle style) {
    return switch (insn) {
      case Insn.Unallocated u -> String.format(".inst\t0x%08x ; undefined", u.word());
      case Insn.Op op -> formatOp(op, style);
    };
  }

  private static String formatOp(Insn.Op op, TargetStyle style) {
    Row row = op.encoding().row();
    String mnemonic = row.mnemonic(op.word());
    List<Operand> operands = op.operands();
    for (Row alias : row.aliases()) {
      if (alias.matches(op.word())) {
        mnemonic = alias.mnemonic(op.word());
        operands = alias.operands(op.pc(), op.word());
        break;
      }
    }
    StringBuilder sb = new StringBuilder(mnemonic).append('\t');
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Operand operand = operands.get(i);
      sb.append(
          operand instanceof Target t && style == TargetStyle.BARE
              ? Long.toHexString(t.address())
              : operand(operand));
    }
    return sb.toString();
  }

  /** The objdump text of one operand. */
  public static String operand(Operand operand) {
    return switch (operand) {
      case Gpr g -> gpr(g);
      case FpReg f -> f.size() + String.valueOf(f.number());
      case VecReg v -> "v" + v.number() + "." + v.arrangement();
      case VecElem e -> "v" + e.number() + "." + e.size() + "[" + e.index() + "]";
      case VecList l -> list(l);
      case Imm i -> imm(i);
      case FpImm f -> f.value() == 0.0 ? "#0.0" : String.format(Locale.ROOT, "#%.18e", f.value());
      case Shift s -> s.type().name().toLowerCase(Locale.ROOT) + " #" + s.amount();
      case Extend e ->
          e.type().name().toLowerCase(Locale.ROOT) + (e.showAmount() ? " #" + e.amount() : "");
      case MemImm m -> memImm(m);
      case MemReg m -> memReg(m);
      case MemPostReg m -> "[" + gpr(m.base()) + "], " + gpr(m.index());
      case SveMem m -> sveMem(m);
      case Writeback w -> w.memory() ? "[" + gpr(w.register()) + "]!" : gpr(w.register()) + "!";
      case Target t -> "0x" + Long.toHexString(t.address());
      case Cond c -> Names.COND[c.code()];
      case Flags f -> "#0x" + Integer.toHexString(f.nzcv());
      case SysReg s -> sysReg(s);
      case Operand.Option o -> option(o);
      case ZReg z -> z.size() == ' ' ? "z" + z.number() : "z" + z.number() + "." + z.size();
      case ZList l -> zList(l);
      case PReg p -> pReg(p);
      case ControlReg c -> "C" + c.number();
    };
  }

  private static String gpr(Gpr g) {
    if (g.number() == 31) {
      return g.sp() ? (g.wide() ? "sp" : "wsp") : (g.wide() ? "xzr" : "wzr");
    }
    return (g.wide() ? "x" : "w") + g.number();
  }

  private static String imm(Imm i) {
    return i.radix() == Operand.Radix.HEX ? "#0x" + Long.toHexString(i.value()) : "#" + i.value();
  }

  /** objdump writes three or more registers as a range unless the list wraps past v31. */
  private static String list(VecList l) {
    StringBuilder sb = new StringBuilder("{");
    boolean range = l.count() > 2 && l.first() + l.count() <= 32;
    for (int i = 0; i < l.count(); i++) {
      if (range && i > 0 && i < l.count() - 1) {
        continue;
      }
      if (i > 0) {
        sb.append(range ? "-" : ", ");
      }
      int reg = (l.first() + i) % 32;
      if (l.arrangement() != null) {
        sb.append('v').append(reg).append('.').append(l.arrangement());
      } else {
        sb.append('v').append(reg).append('.').append(l.elementSize());
      }
    }
    sb.append('}');
    if (l.arrangement() == null) {
      sb.append('[').append(l.index()).append(']');
    }
    return sb.toString();
  }

  /** SVE lists follow the same range rule as vector lists, without an index. */
  private static String zList(ZList l) {
    StringBuilder sb = new StringBuilder("{");
    boolean range = l.count() > 2 && l.first() + l.count() <= 32;
    for (int i = 0; i < l.count(); i++) {
      if (range && i > 0 && i < l.count() - 1) {
        continue;
      }
      if (i > 0) {
        sb.append(range ? "-" : ", ");
      }
      sb.append('z').append((l.first() + i) % 32).append('.').append(l.size());
    }
    return sb.append('}').toString();
  }

  private static String memImm(MemImm m) {
    String base = gpr(m.base());
    return switch (m.mode()) {
      case OFFSET -> m.offset() == 0 ? "[" + base + "]" : "[" + base + ", #" + m.offset() + "]";
      case PRE -> "[" + base + ", #" + m.offset() + "]!";
      case POST -> "[" + base + "], #" + m.offset();
    };
  }

  private static String memReg(MemReg m) {
    StringBuilder sb =
        new StringBuilder("[").append(gpr(m.base())).append(", ").append(gpr(m.index()));
    if (m.extend() != null) {
      sb.append(", ").append(m.extend().name().toLowerCase(Locale.ROOT));
      if (m.showAmount()) {
        sb.append(" #").append(m.amount());
      }
    }
    return sb.append(']').toString();
  }

  private static String sveMem(SveMem m) {
    String base = gpr(m.base());
    if (m.index() != null) {
      return "["
          + base
          + ", "
          + gpr(m.index())
          + (m.shift() != 0 ? ", lsl #" + m.shift() : "")
          + "]";
    }
    if (m.imm() == 0) {
      return "[" + base + "]";
    }
    return "[" + base + ", #" + m.imm() + (m.mulVl() ? ", mul vl]" : "]");
  }

  private static String sysReg(SysReg s) {
    int key = s.op0() << 14 | s.op1() << 11 | s.crn() << 7 | s.crm() << 3 | s.op2();
    String name = Names.SYSREG.get(key);
    return name != null
        ? name
        : "s" + s.op0() + "_" + s.op1() + "_c" + s.crn() + "_c" + s.crm() + "_" + s.op2();
  }

  private static String option(Operand.Option o) {
    int v = o.value();
    String name =
        switch (o.kind()) {
          case BARRIER -> Names.BARRIER[v];
          case PREFETCH -> Names.PREFETCH[v];
          case DC -> Names.DC.get(v);
          case IC -> Names.IC.get(v);
          case BTI -> Names.BTI[v];
          case PSTATE -> Names.PSTATE.get(v);
          case SVE_PATTERN -> Names.SVE_PATTERN[v];
          case SVE_MUL -> "mul #" + v;
          case SVCR -> v == 1 ? "sm" : "za";
        };
    if (name != null) {
      return name;
    }
    return switch (o.kind()) {
      case PREFETCH -> String.format("#0x%02x", v);
      case SVE_PATTERN -> "#" + v;
      default -> "#0x" + Integer.toHexString(v);
    };
  }

  private static String pReg(PReg p) {
    return switch (p.qualifier()) {
      case ' ' -> "p" + p.number();
      case 'z', 'm' -> "p" + p.number() + "/" + p.qualifier();
      default -> "p" + p.number() + "." + p.qualifier();
    };
  }
}
