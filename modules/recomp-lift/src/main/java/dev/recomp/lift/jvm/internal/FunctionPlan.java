package dev.recomp.lift.jvm.internal;

import dev.recomp.lift.Block;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.jvm.GuestFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the emitter needs to know about a function before writing bytecode: its regions, which
 * {@code set nzcv} operations are dead, and where control can re-enter it.
 */
final class FunctionPlan {
  /** The cost of cutting a loop of one estimated bytecode; integral, so sums are exact. */
  private static final long LOOP_WEIGHT = 1L << 40;

  final GuestFunction function;
  final TreeMap<Long, Block> blocks = new TreeMap<>(Long::compareUnsigned);
  final List<List<Block>> regions;
  final Map<Long, Integer> regionOf = new HashMap<>();

  /** Block addresses control can reach from outside the block's own region, per region. */
  final List<TreeSet<Long>> regionEntries = new ArrayList<>();

  /** Return addresses of the function's calls that are blocks of the function. */
  final TreeSet<Long> returnSites = new TreeSet<>(Long::compareUnsigned);

  /** {@code set nzcv} operations whose value no one can observe. */
  final Set<Op> deadFlagSets = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  FunctionPlan(GuestFunction function, int regionBytes) {
    this.function = function;
    for (Block b : function.blocks()) {
      if (blocks.put(b.pc(), b) != null) {
        throw new IllegalArgumentException(
            String.format("function %s: two blocks at 0x%x", function.name(), b.pc()));
      }
    }
    for (Block b : blocks.values()) {
      long ret =
          switch (b.terminator()) {
            case Terminator.Call c -> c.returnTo();
            case Terminator.CallIndirect c -> c.returnTo();
            default -> -1;
          };
      if (ret != -1 && blocks.containsKey(ret)) {
        returnSites.add(ret);
      }
    }
    regions = partition(regionBytes);
    for (int r = 0; r < regions.size(); r++) {
      for (Block b : regions.get(r)) {
        regionOf.put(b.pc(), r);
      }
      regionEntries.add(new TreeSet<>(Long::compareUnsigned));
    }
    if (regions.size() > 1) {
      addEntry(function.entry());
      returnSites.forEach(this::addEntry);
      function.jumpTargets().stream().filter(blocks::containsKey).forEach(this::addEntry);
      for (Block b : blocks.values()) {
        int from = regionOf.get(b.pc());
        for (long t : successors(b.terminator())) {
          Integer to = regionOf.get(t);
          if (to != null && to != from) {
            addEntry(t);
          }
        }
      }
    }
    findDeadFlagSets();
  }

  /** The upper estimate of the whole function's bytecode ({@link SizeEstimate}). */
  long estimatedSize() {
    long size = 0;
    for (Block b : blocks.values()) {
      size += SizeEstimate.of(b);
    }
    return size;
  }

  boolean split() {
    return regions.size() > 1;
  }

  boolean contains(long pc) {
    return blocks.containsKey(pc);
  }

  private void addEntry(long pc) {
    Integer r = regionOf.get(pc);
    if (r != null) {
      regionEntries.get(r).add(pc);
    }
  }

  /** Direct successors of a terminator that stays inside the function when they are its blocks. */
  static List<Long> successors(Terminator t) {
    return switch (t) {
      case Terminator.Jump j -> List.of(j.target());
      case Terminator.Branch b -> List.of(b.taken(), b.notTaken());
      case Terminator.Call c -> List.of(c.returnTo());
      case Terminator.CallIndirect c -> List.of(c.returnTo());
      case Terminator.Syscall s -> List.of(s.next());
      case Terminator.IndirectJump _, Terminator.Trap _ -> List.of();
    };
  }

  /**
   * Partition in address order; each region's estimated bytecode stays under the limit. When a
   * region is full it is cut at the gap between blocks that is cheapest to cut (the latest such
   * gap), so that a hot loop does not go through the region trampoline on every iteration.
   */
  private List<List<Block>> partition(int regionBytes) {
    List<Block> order = new ArrayList<>(blocks.values());
    long[] cutCost = loopCutCosts(order);
    List<List<Block>> out = new ArrayList<>();
    int start = 0;
    long size = 0;
    for (int i = 0; i < order.size(); i++) {
      long cost = SizeEstimate.of(order.get(i));
      while (i > start && size + cost > regionBytes) {
        int cut = i - 1;
        for (int g = i - 2; g >= start; g--) {
          if (cutCost[g] < cutCost[cut]) {
            cut = g;
          }
        }
        out.add(order.subList(start, cut + 1));
        start = cut + 1;
        size = 0;
        for (int k = start; k < i; k++) {
          size += SizeEstimate.of(order.get(k));
        }
      }
      size += cost;
    }
    out.add(order.subList(start, order.size()));
    return out;
  }

  /**
   * For the gap after each block, what cutting there costs: the sum over the backward branches
   * (loops) whose range covers it of {@link #LOOP_WEIGHT} divided by the loop's estimated size. A
   * branch from block {@code s} back to block {@code t} spans the gaps after t .. s-1. A cut costs
   * a trampoline round trip per iteration of each loop it splits, and a small loop iterates more
   * often for the same work than a large one: an outer loop larger than a region has to be cut
   * somewhere anyway, and cutting it beside an inner loop instead of through it is what keeps the
   * inner loop in one method (busybox's deflate had its match loop cut at its second block: as many
   * loops spanned that gap as the gap before the loop).
   */
  private static long[] loopCutCosts(List<Block> order) {
    Map<Long, Integer> index = new HashMap<>();
    long[] sizeBefore = new long[order.size() + 1];
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i).pc(), i);
      sizeBefore[i + 1] = sizeBefore[i] + SizeEstimate.of(order.get(i));
    }
    long[] delta = new long[order.size() + 1];
    for (int s = 0; s < order.size(); s++) {
      for (long target : successors(order.get(s).terminator())) {
        Integer t = index.get(target);
        if (t != null && t <= s) {
          long weight = LOOP_WEIGHT / Math.max(1, sizeBefore[s + 1] - sizeBefore[t]);
          delta[t] += weight;
          delta[s] -= weight;
        }
      }
    }
    long[] costs = new long[order.size()];
    long running = 0;
    for (int g = 0; g < order.size(); g++) {
      running += delta[g];
      costs[g] = running;
    }
    return costs;
  }

  /**
   * Backward liveness of NZCV over the function's blocks. NZCV is observed by {@code get nzcv}, by
   * every way out of the function (the callee or caller sees the spilled state) and by every memory
   * access (a fault reports the registers).
   */
  private void findDeadFlagSets() {
    Map<Long, Boolean> liveIn = new HashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : blocks.descendingMap().values()) {
        boolean in = scan(b, liveOut(b, liveIn), false);
        if (in != liveIn.getOrDefault(b.pc(), false)) {
          liveIn.put(b.pc(), in);
          changed = true;
        }
      }
    }
    for (Block b : blocks.values()) {
      scan(b, liveOut(b, liveIn), true);
    }
  }

  private boolean liveOut(Block b, Map<Long, Boolean> liveIn) {
    return switch (b.terminator()) {
      case Terminator.Jump j -> liveAt(j.target(), liveIn);
      case Terminator.Branch br -> liveAt(br.taken(), liveIn) || liveAt(br.notTaken(), liveIn);
      default -> true;
    };
  }

  private boolean liveAt(long pc, Map<Long, Boolean> liveIn) {
    return !blocks.containsKey(pc) || liveIn.getOrDefault(pc, false);
  }

  private boolean scan(Block b, boolean liveOut, boolean record) {
    boolean live = liveOut;
    List<Op> ops = b.ops();
    int firstSet = ops.size();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof Op.Set s && s.reg().equals(GuestReg.NZCV)) {
        firstSet = i;
        break;
      }
    }
    for (int i = ops.size() - 1; i >= 0; i--) {
      Op op = ops.get(i);
      boolean forwarded = i > firstSet;
      switch (op) {
        case Op.Set s when s.reg().equals(GuestReg.NZCV) -> {
          if (record && !live) {
            deadFlagSets.add(op);
          }
          live = false;
        }
        // A get after the block's first set is forwarded from the set's value, not read.
        case Op.Get g when g.reg().equals(GuestReg.NZCV) && !forwarded -> live = true;
        case Op.Load _, Op.Store _, Op.LoadExclusive _, Op.StoreExclusive _ -> live = true;
        default -> {}
      }
    }
    return live;
  }
}
