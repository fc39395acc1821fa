package dev.recomp.lift.analysis.internal;

import dev.recomp.isa.Insn;
import dev.recomp.isa.Operand;
import dev.recomp.lift.analysis.Block;
import dev.recomp.lift.analysis.BlockExit;
import dev.recomp.lift.analysis.JumpTable;
import dev.recomp.lift.analysis.UnresolvedTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Explores one function: follows branches (not calls) from its start, recovers jump tables, and
 * cuts the reached instructions into basic blocks. Control reaching another function's start is a
 * tail call; a call to a function known not to return ends its block.
 */
final class FunctionExplorer {
  /** What exploring a function found. */
  record Explored(
      long start,
      List<Block> blocks,
      Set<Long> calls,
      Set<Long> addressConstants,
      List<JumpTable> jumpTables,
      List<UnresolvedTarget> unresolved,
      Set<Long> consulted) {}

  private final Code code;
  private final long start;
  private final NavigableSet<Long> starts;
  private final Set<Long> noReturn;
  private final Map<Long, JumpTable> configTables;

  private final NavigableMap<Long, Insn> insns = new TreeMap<>();
  private final Set<Long> leaders = new TreeSet<>();
  private final NavigableSet<Long> worklist = new TreeSet<>();
  private final Map<Long, Long> tailEdges = new TreeMap<>();
  private final Map<Long, JumpTable> tables = new TreeMap<>();
  private final Map<Long, String> pendingIndirect = new TreeMap<>();
  private final Set<Long> noReturnCalls = new TreeSet<>();
  private final Set<Long> calls = new TreeSet<>();
  private final Set<Long> constants = new TreeSet<>();
  private final Map<Long, UnresolvedTarget> unresolved = new TreeMap<>();

  /**
   * Every address whose membership in the start or non-returning sets this exploration looked at:
   * the result can only change when one of them changes.
   */
  private final Set<Long> consulted = new HashSet<>();

  FunctionExplorer(
      Code code,
      long start,
      NavigableSet<Long> starts,
      Set<Long> noReturn,
      Map<Long, JumpTable> configTables) {
    this.code = code;
    this.start = start;
    this.starts = starts;
    this.noReturn = noReturn;
    this.configTables = configTables;
  }

  Explored explore() {
    leaders.add(start);
    worklist.add(start);
    boolean progress = true;
    while (progress) {
      while (!worklist.isEmpty()) {
        scan(worklist.pollFirst());
      }
      progress = resolveSwitches();
    }
    pendingIndirect.forEach(
        (pc, reason) ->
            unresolved.put(
                pc, new UnresolvedTarget(pc, start, UnresolvedTarget.Kind.INDIRECT_JUMP, reason)));
    Set<Long> anchors = new TreeSet<>();
    tables.values().forEach(t -> t.anchor().ifPresent(anchors::add));
    Set<Long> outside = new TreeSet<>();
    for (long c : constants) {
      if (!insns.containsKey(c) && !anchors.contains(c)) {
        outside.add(c);
      }
    }
    return new Explored(
        start,
        blocks(),
        calls,
        outside,
        List.copyOf(tables.values()),
        List.copyOf(unresolved.values()),
        Set.copyOf(consulted));
  }

  /** Decodes straight-line code from {@code from} until control leaves it. */
  private void scan(long from) {
    Map<Integer, Long> pages = new HashMap<>();
    long pc = from;
    while (true) {
      if (insns.containsKey(pc)) {
        leaders.add(pc);
        return;
      }
      var decoded = code.at(pc);
      if (decoded.isEmpty()) {
        long source = pc == from ? pc : pc - 4;
        unresolved.putIfAbsent(
            source,
            new UnresolvedTarget(
                source,
                start,
                UnresolvedTarget.Kind.OFF_TEXT,
                "control reaches 0x" + Long.toHexString(pc) + ", outside executable code"));
        return;
      }
      Insn insn = decoded.get();
      insns.put(pc, insn);
      trackConstants(insn, pages);
      Flow flow = Flow.of(insn);
      switch (flow) {
        case NONE, INDIRECT_CALL -> {
          if (flow == Flow.INDIRECT_CALL) {
            unresolved.put(
                pc,
                new UnresolvedTarget(
                    pc,
                    start,
                    UnresolvedTarget.Kind.INDIRECT_CALL,
                    "call through " + registerName(insn)));
          }
          if (!next(pc)) {
            return;
          }
        }
        case CALL -> {
          long target = Flow.target(insn).orElseThrow();
          if (code.contains(target)) {
            calls.add(target);
          } else {
            offText(pc, target);
          }
          consulted.add(target);
          if (noReturn.contains(target)) {
            noReturnCalls.add(pc);
            return;
          }
          if (!next(pc)) {
            return;
          }
        }
        case JUMP -> {
          branchTo(pc, Flow.target(insn).orElseThrow());
          return;
        }
        case CONDITIONAL -> {
          branchTo(pc, Flow.target(insn).orElseThrow());
          branchTo(pc, pc + 4);
          return;
        }
        case INDIRECT_JUMP -> {
          pendingIndirect.put(pc, "not yet analysed");
          return;
        }
        case RETURN -> {
          return;
        }
        case TRAP -> {
          if (insn instanceof Insn.Unallocated u) {
            unresolved.put(
                pc,
                new UnresolvedTarget(
                    pc,
                    start,
                    UnresolvedTarget.Kind.UNDECODABLE,
                    String.format("word 0x%08x decodes to no instruction", u.word())));
          }
          return;
        }
      }
      pc += 4;
    }
  }

  /**
   * Whether straight-line code continues after {@code pc}: not when the next instruction starts
   * another function (the code runs into it, a tail call) or has been reached already.
   */
  private boolean next(long pc) {
    long following = pc + 4;
    consulted.add(following);
    if (following != start && starts.contains(following)) {
      tailEdges.put(pc, following);
      return false;
    }
    return true;
  }

  private void branchTo(long pc, long target) {
    consulted.add(target);
    if (!code.contains(target)) {
      offText(pc, target);
    } else if (target != start && starts.contains(target)) {
      tailEdges.put(pc, target);
    } else {
      leaders.add(target);
      worklist.add(target);
    }
  }

  private void offText(long pc, long target) {
    unresolved.putIfAbsent(
        pc,
        new UnresolvedTarget(
            pc,
            start,
            UnresolvedTarget.Kind.OFF_TEXT,
            "branch target 0x" + Long.toHexString(target) + " is outside executable code"));
  }

  /** Records ADR and ADRP + ADD results: candidate function starts and data addresses. */
  private void trackConstants(Insn insn, Map<Integer, Long> pages) {
    if (!(insn instanceof Insn.Op op)) {
      return;
    }
    List<Operand> ops = op.operands();
    switch (op.encoding().name()) {
      case "ADR" -> candidate(((Operand.Target) ops.get(1)).address());
      case "ADRP" -> {
        pages.put(((Operand.Gpr) ops.get(0)).number(), ((Operand.Target) ops.get(1)).address());
        return;
      }
      case "ADD_imm" -> {
        Long page = pages.get(((Operand.Gpr) ops.get(1)).number());
        if (page != null && ops.get(2) instanceof Operand.Imm imm) {
          candidate(page + imm.value());
        }
      }
      default -> {}
    }
    if (!pages.isEmpty()) {
      pages.keySet().removeIf(reg -> Registers.mayWrite(insn, reg));
    }
  }

  private void candidate(long address) {
    if (code.contains(address)) {
      constants.add(address);
    }
  }

  /** Tries every unresolved BR again with what is known now; true if any was resolved. */
  private boolean resolveSwitches() {
    if (pendingIndirect.isEmpty()) {
      return false;
    }
    JumpTables recognizer = new JumpTables(code, insns, predecessors());
    boolean progress = false;
    for (long pc : List.copyOf(pendingIndirect.keySet())) {
      Insn.Op branch = (Insn.Op) insns.get(pc);
      JumpTable table = configTables.get(pc);
      JumpTables.Result result =
          table != null ? new JumpTables.Result.Found(table) : recognizer.recognize(branch);
      switch (result) {
        case JumpTables.Result.Found(JumpTable found) -> {
          pendingIndirect.remove(pc);
          tables.put(pc, found);
          found.targets().forEach(t -> branchTo(pc, t));
          progress = true;
        }
        case JumpTables.Result.Failed(String reason) -> pendingIndirect.put(pc, reason);
      }
    }
    return progress;
  }

  /** For each reached instruction, the reached instructions control can come from. */
  private Map<Long, List<Long>> predecessors() {
    Map<Long, List<Long>> preds = new HashMap<>();
    for (var e : insns.entrySet()) {
      long pc = e.getKey();
      for (long to : internalSuccessors(pc, e.getValue())) {
        preds.computeIfAbsent(to, k -> new ArrayList<>()).add(pc);
      }
    }
    return preds;
  }

  /** Where control goes from {@code pc} inside this function. */
  private List<Long> internalSuccessors(long pc, Insn insn) {
    Flow flow = Flow.of(insn);
    List<Long> out = new ArrayList<>(2);
    if (flow == Flow.JUMP || flow == Flow.CONDITIONAL) {
      long target = Flow.target(insn).orElseThrow();
      if (insns.containsKey(target) && !isTail(target)) {
        out.add(target);
      }
    }
    if (flow == Flow.INDIRECT_JUMP && tables.containsKey(pc)) {
      tables.get(pc).targets().stream()
          .filter(t -> insns.containsKey(t) && !isTail(t))
          .forEach(out::add);
    }
    if (flow.fallsThrough()
        && !noReturnCalls.contains(pc)
        && insns.containsKey(pc + 4)
        && !isTail(pc + 4)
        && !out.contains(pc + 4)) {
      out.add(pc + 4);
    }
    return out;
  }

  private boolean isTail(long target) {
    return target != start && starts.contains(target);
  }

  /** Cuts the reached instructions into blocks. */
  private List<Block> blocks() {
    NavigableSet<Long> heads = new TreeSet<>();
    for (var e : insns.entrySet()) {
      long pc = e.getKey();
      if (leaders.contains(pc) || !insns.containsKey(pc - 4) || endsBlock(pc - 4)) {
        heads.add(pc);
      }
    }
    List<Block> blocks = new ArrayList<>();
    for (long head : heads) {
      long last = head;
      List<Long> blockCalls = new ArrayList<>();
      while (true) {
        Insn insn = insns.get(last);
        if (Flow.of(insn) == Flow.CALL) {
          blockCalls.add(Flow.target(insn).orElseThrow());
        }
        long next = last + 4;
        if (endsBlock(last) || !insns.containsKey(next) || heads.contains(next)) {
          break;
        }
        last = next;
      }
      blocks.add(block(head, last, blockCalls));
    }
    return blocks;
  }

  private boolean endsBlock(long pc) {
    Insn insn = insns.get(pc);
    return insn != null
        && (!Flow.of(insn).fallsThrough()
            || noReturnCalls.contains(pc)
            || Flow.of(insn) == Flow.CONDITIONAL);
  }

  private Block block(long head, long last, List<Long> blockCalls) {
    Insn insn = insns.get(last);
    Flow flow = Flow.of(insn);
    List<Long> successors = new ArrayList<>(new TreeSet<>(internalSuccessors(last, insn)));
    OptionalLong tail =
        tailEdges.containsKey(last) ? OptionalLong.of(tailEdges.get(last)) : OptionalLong.empty();
    BlockExit exit =
        switch (flow) {
          case RETURN -> BlockExit.RETURN;
          case TRAP -> BlockExit.TRAP;
          case JUMP -> tail.isPresent() ? BlockExit.TAIL_CALL : jumpExit(successors);
          case CONDITIONAL -> BlockExit.CONDITIONAL;
          case INDIRECT_JUMP -> tables.containsKey(last) ? BlockExit.SWITCH : BlockExit.INDIRECT;
          case CALL, INDIRECT_CALL, NONE ->
              noReturnCalls.contains(last)
                  ? BlockExit.NORETURN_CALL
                  : tail.isPresent()
                      ? BlockExit.TAIL_CALL
                      : successors.isEmpty() ? BlockExit.TRAP : BlockExit.FALLTHROUGH;
        };
    return new Block(head, last + 4, exit, successors, blockCalls, tail);
  }

  private static BlockExit jumpExit(List<Long> successors) {
    return successors.isEmpty() ? BlockExit.TRAP : BlockExit.JUMP;
  }

  private static String registerName(Insn insn) {
    return insn instanceof Insn.Op op && op.operands().getFirst() instanceof Operand.Gpr g
        ? "x" + g.number()
        : "a register";
  }
}
