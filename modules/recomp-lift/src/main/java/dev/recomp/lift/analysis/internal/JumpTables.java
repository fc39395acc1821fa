package dev.recomp.lift.analysis.internal;

import static java.util.Map.entry;

import dev.recomp.isa.ExtendType;
import dev.recomp.isa.Insn;
import dev.recomp.isa.Operand;
import dev.recomp.isa.ShiftType;
import dev.recomp.lift.analysis.JumpTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recovers the targets of a BR from the switch patterns compilers emit for AArch64:
 *
 * <pre>
 *   cmp   wI, #N          ; bound: b.hi default (N + 1 entries) or b.cs default (N)
 *   b.hi  default
 *   adrp  xB, table ; add xB, xB, :lo12:table
 *   ldrb  wE, [xB, wI, uxtw]          ; or ldrh / ldrsw / ldr, index scaled by the entry size
 *   adr   xA, anchor
 *   add   xT, xA, wE, sxtb #2         ; target = anchor + (entry &lt;&lt; shift)
 *   br    xT
 * </pre>
 *
 * and tables of absolute addresses ({@code ldr xT, [xB, xI, lsl #3]; br xT}). Values are traced
 * backwards through the function's control flow: a register's definition must be the same on every
 * path (loop-invariant table bases hoisted out of a loop are found).
 */
final class JumpTables {
  /** Register-offset loads of table entries: entry size and signedness. */
  private record EntryLoad(int size, boolean signed) {}

  private static final Map<String, EntryLoad> ENTRY_LOADS =
      Map.ofEntries(
          entry("LDRB_reg", new EntryLoad(1, false)),
          entry("LDRSB_w_reg", new EntryLoad(1, true)),
          entry("LDRSB_x_reg", new EntryLoad(1, true)),
          entry("LDRH_reg", new EntryLoad(2, false)),
          entry("LDRSH_w_reg", new EntryLoad(2, true)),
          entry("LDRSH_x_reg", new EntryLoad(2, true)),
          entry("LDR_w_reg", new EntryLoad(4, false)),
          entry("LDRSW_reg", new EntryLoad(4, true)),
          entry("LDR_x_reg", new EntryLoad(8, false)));

  /**
   * Conditions of a B.cond after {@code cmp wI, #N} that leave the in-bounds path, and how many
   * entries that allows: HI and CS branch away when out of bounds, LS and CC into bounds.
   */
  private record BoundCheck(boolean inBoundsWhenTaken, int extra) {}

  private static final Map<Integer, BoundCheck> BOUND_CHECKS =
      Map.of(
          0b1000, new BoundCheck(false, 1), // HI: I > N is out, 0..N in
          0b0010, new BoundCheck(false, 0), // CS/HS: I >= N is out
          0b1001, new BoundCheck(true, 1), // LS: I <= N is in
          0b0011, new BoundCheck(true, 0)); // CC/LO: I < N is in

  private static final int MAX_ENTRIES = 1 << 16;
  private static final int SEARCH_BUDGET = 20_000;
  private static final int BOUND_WALK = 64;
  private static final int MAX_ABSOLUTE_RUN = 1024;

  /** Joins a backward search passes through, keeping its recursion shallow. */
  private static final int MAX_MERGE_DEPTH = 256;

  /** The outcome: a table, or why there is none. */
  sealed interface Result {
    record Found(JumpTable table) implements Result {}

    record Failed(String reason) implements Result {}
  }

  /** The definition of a register reaching a point. */
  private sealed interface Def {
    /** The instructions that define the register, one per distinct path, sorted by address. */
    record At(List<Insn.Op> ops) implements Def {}

    record Unknown(String why) implements Def {}

    record None() implements Def {}
  }

  /** Signals that a value cannot be traced; the message says why. */
  private static final class Untraceable extends Exception {
    Untraceable(String message) {
      super(message, null, false, false);
    }
  }

  private final Code code;
  private final NavigableMap<Long, Insn> insns;
  private final Map<Long, List<Long>> preds;
  private int budget;

  JumpTables(Code code, NavigableMap<Long, Insn> insns, Map<Long, List<Long>> preds) {
    this.code = code;
    this.insns = insns;
    this.preds = preds;
  }

  /** Tries to recover the targets of the BR at {@code branch}. */
  Result recognize(Insn.Op branch) {
    budget = SEARCH_BUDGET;
    int reg = register(branch.operands().getFirst());
    try {
      Insn.Op def = definition(reg, branch.pc());
      return switch (def.encoding().name()) {
        case "ADD_sreg" -> relative(branch, def);
        case "ADD_ext" -> relative(branch, def);
        case "LDR_x_reg" -> table(branch, def, OptionalLong.empty(), ExtendType.LSL, 0);
        default ->
            new Result.Failed(
                "x" + reg + " is computed by " + def.mnemonic() + ", not a switch pattern");
      };
    } catch (Untraceable e) {
      return new Result.Failed(e.getMessage());
    }
  }

  /** {@code add xT, xA, xE{, lsl #s | , ext #s}}: anchor plus scaled entry. */
  private Result relative(Insn.Op branch, Insn.Op add) throws Untraceable {
    List<Operand> ops = add.operands();
    int first = register(ops.get(1));
    int second = register(ops.get(2));
    ExtendType extend = ExtendType.LSL;
    int shift = 0;
    if (ops.size() > 3) {
      switch (ops.get(3)) {
        case Operand.Shift s when s.type() == ShiftType.LSL -> shift = s.amount();
        case Operand.Extend e -> {
          extend = e.type();
          shift = e.amount();
        }
        default -> {
          return new Result.Failed(
              "target add at 0x" + Long.toHexString(add.pc()) + " shifts right");
        }
      }
    }
    Untraceable firstFailure;
    try {
      long anchor = constant(first, add.pc());
      return table(branch, definition(second, add.pc()), OptionalLong.of(anchor), extend, shift);
    } catch (Untraceable e) {
      firstFailure = e;
    }
    if (shift == 0 && extend == ExtendType.LSL) {
      // add xT, xE, xA: the anchor may be either operand of a plain add.
      try {
        long anchor = constant(second, add.pc());
        return table(branch, definition(first, add.pc()), OptionalLong.of(anchor), extend, 0);
      } catch (Untraceable e) {
        throw firstFailure;
      }
    }
    throw firstFailure;
  }

  private Result table(
      Insn.Op branch, Insn.Op load, OptionalLong anchor, ExtendType extend, int shift)
      throws Untraceable {
    EntryLoad kind = ENTRY_LOADS.get(load.encoding().name());
    if (kind == null || !(load.operands().get(1) instanceof Operand.MemReg mem)) {
      throw new Untraceable(
          "entry at 0x" + Long.toHexString(load.pc()) + " is not a register-indexed table load");
    }
    int scale = Integer.numberOfTrailingZeros(kind.size());
    if (mem.amount() != scale && !(scale == 0 && mem.amount() == 0)) {
      throw new Untraceable(
          "table index at 0x" + Long.toHexString(load.pc()) + " is not scaled by the entry size");
    }
    long base = constant(mem.base().number(), load.pc());
    int entries;
    try {
      entries = bound(mem.index().number(), load.pc());
    } catch (Untraceable noBound) {
      if (anchor.isPresent()) {
        throw noBound;
      }
      entries = absoluteRun(base);
      if (entries == 0) {
        throw noBound;
      }
    }
    Set<Long> targets = new TreeSet<>();
    for (int i = 0; i < entries; i++) {
      long at = base + (long) i * kind.size();
      OptionalLong raw = code.memory().read(at, kind.size());
      if (raw.isEmpty()) {
        throw new Untraceable(
            "table entry " + i + " at 0x" + Long.toHexString(at) + " is unmapped");
      }
      long value = signExtend(raw.getAsLong(), kind.size(), kind.signed());
      long target =
          anchor.isPresent() ? anchor.getAsLong() + (extend(value, extend) << shift) : value;
      if (!code.contains(target)) {
        throw new Untraceable(
            "table entry " + i + " leads to 0x" + Long.toHexString(target) + ", outside code");
      }
      targets.add(target);
    }
    return new Result.Found(
        new JumpTable(
            branch.pc(),
            base,
            entries,
            kind.size(),
            kind.signed(),
            anchor,
            shift,
            new ArrayList<>(targets),
            false));
  }

  /**
   * The entries of an absolute table whose index is not bounds-checked (glibc's vfprintf indexes
   * its label tables with a class looked up in another table): the run of 8-byte words from {@code
   * base} that are addresses of instructions. Tables laid out back to back are read as one, which
   * only adds real code addresses as targets.
   */
  private int absoluteRun(long base) {
    int n = 0;
    while (n < MAX_ABSOLUTE_RUN) {
      OptionalLong raw = code.memory().read(base + 8L * n, 8);
      if (raw.isEmpty()
          || (raw.getAsLong() & 3) != 0
          || code.at(raw.getAsLong()).filter(i -> i instanceof Insn.Op).isEmpty()) {
        break;
      }
      n++;
    }
    return n;
  }

  /** The number of entries the dominating {@code cmp wI, #N; b.hi/b.cs/b.ls/b.cc} allows. */
  private int bound(int index, long from) throws Untraceable {
    long pc = from;
    for (int step = 0; step < BOUND_WALK; step++) {
      List<Long> into = preds.getOrDefault(pc, List.of());
      for (long p : into) {
        if (insns.get(p) instanceof Insn.Op op && op.encoding().name().equals("B_cond")) {
          BoundCheck check = BOUND_CHECKS.get(Flow.condition(op));
          boolean taken = Flow.target(op).orElse(-1) == pc && p + 4 != pc;
          if (check != null && check.inBoundsWhenTaken() == taken) {
            long limit = comparedLimit(index, p);
            long entries = limit + check.extra();
            if (entries <= 0 || entries > MAX_ENTRIES) {
              throw new Untraceable("bounds check allows " + entries + " entries");
            }
            return (int) entries;
          }
        }
      }
      if (into.size() != 1) {
        break;
      }
      long p = into.getFirst();
      if (Registers.mayWrite(insns.get(p), index)) {
        break;
      }
      pc = p;
    }
    throw new Untraceable(
        "no bounds check of x" + index + " before the table load at 0x" + Long.toHexString(from));
  }

  /** N of the {@code cmp xI, #N} that set the flags for the B.cond at {@code branch}. */
  private long comparedLimit(int index, long branch) throws Untraceable {
    long pc = branch;
    for (int step = 0; step < BOUND_WALK; step++) {
      List<Long> into = preds.getOrDefault(pc, List.of());
      if (into.size() != 1) {
        break;
      }
      long p = into.getFirst();
      Insn insn = insns.get(p);
      if (insn instanceof Insn.Op op && setsFlags(op.encoding().name())) {
        List<Operand> ops = op.operands();
        if (op.encoding().name().equals("SUBS_imm")
            && register(ops.get(1)) == index
            && ops.get(2) instanceof Operand.Imm imm) {
          return imm.value();
        }
        break;
      }
      if (Registers.mayWrite(insn, index)) {
        break;
      }
      pc = p;
    }
    throw new Untraceable(
        "the branch at 0x"
            + Long.toHexString(branch)
            + " does not test x"
            + index
            + " against a constant");
  }

  private static boolean setsFlags(String name) {
    return name.matches("(ADDS|SUBS|ANDS|BICS|ADCS|SBCS)(_.*)?")
        || name.startsWith("CCMP")
        || name.startsWith("CCMN")
        || name.startsWith("FCMP")
        || name.startsWith("FCCMP")
        || name.startsWith("MSR");
  }

  /**
   * The value of {@code reg} before {@code pc}, when it is an address constant: the same on every
   * path (compilers duplicate the ADRP/ADD of a table base into several predecessors).
   */
  private long constant(int reg, long pc) throws Untraceable {
    OptionalLong value = OptionalLong.empty();
    for (Insn.Op def : definitions(reg, pc)) {
      long here = constantFrom(reg, pc, def);
      if (value.isPresent() && value.getAsLong() != here) {
        throw new Untraceable("x" + reg + " at 0x" + Long.toHexString(pc) + " differs by path");
      }
      value = OptionalLong.of(here);
    }
    return value.orElseThrow();
  }

  private long constantFrom(int reg, long pc, Insn.Op def) throws Untraceable {
    List<Operand> ops = def.operands();
    String name = def.encoding().name();
    if (name.equals("ORR_sreg") && ops.size() == 3 && register(ops.get(1)) == 31) {
      // mov xD, xS
      return constant(register(ops.get(2)), def.pc());
    }
    if (name.equals("LDR_x_ui") && ops.get(1) instanceof Operand.MemImm m && m.base().sp()) {
      return spilled(m.offset(), def.pc());
    }
    return switch (name) {
      case "ADR", "ADRP" -> ((Operand.Target) ops.get(1)).address();
      case "ADD_imm" ->
          constant(register(ops.get(1)), def.pc()) + ((Operand.Imm) ops.get(2)).value();
      case "SUB_imm" ->
          constant(register(ops.get(1)), def.pc()) - ((Operand.Imm) ops.get(2)).value();
      default ->
          throw new Untraceable(
              "x"
                  + reg
                  + " at 0x"
                  + Long.toHexString(pc)
                  + " comes from "
                  + def.mnemonic()
                  + ", not a constant");
    };
  }

  /**
   * A constant reloaded from the stack slot {@code [sp, #offset]}: the function's only store that
   * touches the slot must be a STR of a traceable constant (large functions spill table bases).
   */
  private long spilled(long offset, long load) throws Untraceable {
    Insn.Op only = null;
    for (Insn insn : insns.values()) {
      if (insn instanceof Insn.Op op
          && op.encoding().name().startsWith("ST")
          && op.operands().stream()
              .anyMatch(
                  o ->
                      o instanceof Operand.MemImm m
                          && m.base().sp()
                          && m.offset() < offset + 8
                          && offset < m.offset() + storeBytes(op.encoding().name()))) {
        if (only != null) {
          throw new Untraceable(
              "the stack slot read at 0x" + Long.toHexString(load) + " is stored more than once");
        }
        only = op;
      }
    }
    if (only == null
        || !only.encoding().name().equals("STR_x_ui")
        || !(only.operands().get(1) instanceof Operand.MemImm m)
        || m.offset() != offset) {
      throw new Untraceable(
          "the stack slot read at 0x" + Long.toHexString(load) + " has no single spill");
    }
    return constant(register(only.operands().getFirst()), only.pc());
  }

  /** Bytes a store writes, from its row name; unknown forms count as the widest (32). */
  private static int storeBytes(String name) {
    int element;
    if (name.contains("_q")) {
      element = 16;
    } else if (name.contains("_x") || name.contains("_d")) {
      element = 8;
    } else if (name.contains("_w") || name.contains("_s")) {
      element = 4;
    } else if (name.startsWith("STRH") || name.contains("_h")) {
      element = 2;
    } else if (name.startsWith("STRB") || name.contains("_b")) {
      element = 1;
    } else {
      return 32;
    }
    return name.startsWith("STP") || name.startsWith("STNP") ? 2 * element : element;
  }

  /** The one instruction defining {@code reg} on every path to {@code pc}. */
  private Insn.Op definition(int reg, long pc) throws Untraceable {
    List<Insn.Op> defs = definitions(reg, pc);
    if (defs.size() != 1) {
      throw new Untraceable("x" + reg + " at 0x" + Long.toHexString(pc) + " differs by path");
    }
    return defs.getFirst();
  }

  /** The instructions defining {@code reg} on the paths to {@code pc}. */
  private List<Insn.Op> definitions(int reg, long pc) throws Untraceable {
    if (reg == 31) {
      throw new Untraceable("the stack pointer is not a table register");
    }
    return switch (search(reg, pc, new HashSet<>(), 0)) {
      case Def.At(List<Insn.Op> ops) -> ops;
      case Def.Unknown(String why) -> throw new Untraceable(why);
      case Def.None() ->
          throw new Untraceable(
              "x" + reg + " at 0x" + Long.toHexString(pc) + " has no definition in the function");
    };
  }

  private Def search(int reg, long pc, Set<Long> seen, int depth) {
    if (depth > MAX_MERGE_DEPTH) {
      return new Def.Unknown(
          "x" + reg + " at 0x" + Long.toHexString(pc) + " is behind too many joins");
    }
    long at = pc;
    while (true) {
      if (--budget < 0) {
        return new Def.Unknown("search for x" + reg + " exceeded its budget");
      }
      List<Long> into = preds.getOrDefault(at, List.of());
      if (into.isEmpty()) {
        return new Def.Unknown(
            "x" + reg + " at 0x" + Long.toHexString(pc) + " comes from the caller");
      }
      if (into.size() == 1) {
        long p = into.getFirst();
        if (!seen.add(p)) {
          return new Def.None();
        }
        Def here = defAt(p, reg);
        if (here != null) {
          return here;
        }
        at = p;
        continue;
      }
      Def result = new Def.None();
      for (long p : into) {
        if (!seen.add(p)) {
          continue;
        }
        Def d = defAt(p, reg);
        if (d == null) {
          d = search(reg, p, seen, depth + 1);
        }
        if (d instanceof Def.Unknown) {
          return d;
        }
        if (d instanceof Def.At a) {
          result = result instanceof Def.At r ? merge(r, a) : a;
        }
      }
      return result;
    }
  }

  private static Def.At merge(Def.At a, Def.At b) {
    TreeMap<Long, Insn.Op> ops = new TreeMap<>();
    a.ops().forEach(op -> ops.put(op.pc(), op));
    b.ops().forEach(op -> ops.put(op.pc(), op));
    return new Def.At(List.copyOf(ops.values()));
  }

  /** The definition of {@code reg} by the instruction at {@code pc}, or null if it leaves it. */
  private Def defAt(long pc, int reg) {
    Insn insn = insns.get(pc);
    if (!Registers.mayWrite(insn, reg)) {
      return null;
    }
    return insn instanceof Insn.Op op && !op.encoding().name().startsWith("BL")
        ? new Def.At(List.of(op))
        : new Def.Unknown("x" + reg + " is changed by the call at 0x" + Long.toHexString(pc));
  }

  private static int register(Operand operand) {
    return operand instanceof Operand.Gpr g ? g.number() : -1;
  }

  private static long signExtend(long value, int size, boolean signed) {
    int bits = size * 8;
    return signed && bits < 64 ? value << (64 - bits) >> (64 - bits) : value;
  }

  private static long extend(long value, ExtendType type) {
    return switch (type) {
      case UXTB -> value & 0xff;
      case UXTH -> value & 0xffff;
      case UXTW -> value & 0xffff_ffffL;
      case SXTB -> (byte) value;
      case SXTH -> (short) value;
      case SXTW -> (int) value;
      case UXTX, SXTX, LSL -> value;
    };
  }
}
