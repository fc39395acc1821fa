package dev.recomp.lift.jvm.internal;

import dev.recomp.lift.Block;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Value;
import dev.recomp.lift.Value.Temp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which of a method's temporary locals each temporary of a block lives in. Temporaries whose lives
 * in the block do not overlap share one, so that a block of a thousand temporaries needs a few
 * dozen locals, and loads and stores of them stay in the short form (a local above 255 takes the
 * {@code wide} form, twice the bytes). The method's bytecode size matters to C2, which counts it
 * against what it may inline into the method ({@code DesiredMethodLimit}).
 *
 * <p>A temporary lives from its definition to its last use, counted conservatively for what the
 * emitter may do later: a value it may compute where it is used (a pure value used once, a compare,
 * flags) reads its operands there, so they live as long as it does; a {@code get} of a register the
 * block set earlier may read the value it was set to, which then lives as long as the {@code
 * get}'s; the FPSR twin of a helper call is written by the call; and a {@link HalfViews view} has
 * no local of its own, its uses reading its operands' locals. Each temporary takes four slots, a
 * long for each half of an {@code i128}; a temporary defined by an operation never shares a slot
 * with one the same operation reads.
 */
final class TempSlots {
  /** Slots per temporary: the low and the high long of an {@code i128}. */
  static final int WIDTH = 4;

  private TempSlots() {}

  /**
   * Where each temporary of a block lives, by id: its slot relative to the first temporary slot,
   * and the index of the last operation that may read it (the block's length for its terminator).
   */
  record Layout(int[] slots, int[] lastUse) {}

  /** The layout of {@code b}'s temporaries, {@code views} being its {@link HalfViews}. */
  static Layout assign(
      Block b, Map<Op.CallHelper, Op.CallHelper> statusTwins, Map<Integer, HalfViews.View> views) {
    List<Op> ops = b.ops();
    int temps = 0;
    for (Op op : ops) {
      if (op instanceof Op.Def d) {
        temps = Math.max(temps, d.dst().id() + 1);
      }
    }
    int[] born = new int[temps];
    int[] last = new int[temps];
    Arrays.fill(born, -1);
    Arrays.fill(last, -1);
    List<List<Integer>> outlivedBy = new ArrayList<>();
    for (int i = 0; i < temps; i++) {
      outlivedBy.add(new ArrayList<>());
    }
    Map<GuestReg, Temp> setTo = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      for (Value v : op.operands()) {
        if (v instanceof Temp t) {
          last[t.id()] = Math.max(last[t.id()], i);
          if (op instanceof Op.Def d && (deferrable(d) || views.containsKey(d.dst().id()))) {
            outlivedBy.get(t.id()).add(d.dst().id());
          }
        }
      }
      switch (op) {
        case Op.Get g when setTo.get(g.reg()) != null ->
            outlivedBy.get(setTo.get(g.reg()).id()).add(g.dst().id());
        case Op.Set s -> setTo.put(s.reg(), s.value() instanceof Temp t ? t : null);
        default -> {}
      }
      if (op instanceof Op.Def d && born[d.dst().id()] < 0 && !views.containsKey(d.dst().id())) {
        born[d.dst().id()] = i;
      }
      if (op instanceof Op.CallHelper c && statusTwins.get(c) instanceof Op.CallHelper twin) {
        born[twin.dst().id()] = i;
      }
    }
    for (Value v : terminatorValues(b.terminator())) {
      if (v instanceof Temp t) {
        last[t.id()] = ops.size();
      }
    }
    // What outlives a temporary is defined after it, and ids rise in definition order.
    for (int id = temps - 1; id >= 0; id--) {
      last[id] = Math.max(last[id], born[id]);
      for (int later : outlivedBy.get(id)) {
        last[id] = Math.max(last[id], last[later]);
      }
    }
    return new Layout(allocate(born, last, ops.size()), last);
  }

  /** Lowest free slot first, so that the slots stay dense and the result deterministic. */
  private static int[] allocate(int[] born, int[] last, int length) {
    List<List<Integer>> bornAt = new ArrayList<>();
    List<List<Integer>> freedAfter = new ArrayList<>();
    for (int i = 0; i <= length; i++) {
      bornAt.add(new ArrayList<>());
      freedAfter.add(new ArrayList<>());
    }
    for (int id = 0; id < born.length; id++) {
      if (born[id] >= 0) {
        bornAt.get(born[id]).add(id);
        freedAfter.get(last[id]).add(id);
      }
    }
    int[] slot = new int[born.length];
    PriorityQueue<Integer> free = new PriorityQueue<>();
    int used = 0;
    for (int i = 0; i <= length; i++) {
      if (i > 0) {
        for (int id : freedAfter.get(i - 1)) {
          free.add(slot[id]);
        }
      }
      for (int id : bornAt.get(i)) {
        slot[id] = free.isEmpty() ? WIDTH * used++ : free.poll();
      }
    }
    return slot;
  }

  /**
   * Whether the emitter may compute {@code def} where its value is used rather than where it stands
   * (and flags once per use), reading its operands there.
   */
  private static boolean deferrable(Op.Def def) {
    return RegionEmitter.inlinable(def)
        || def instanceof Op.Compare
        || def instanceof Op.CondHolds
        || def instanceof Op.AddFlags
        || def instanceof Op.NzFlags;
  }

  /** The values a terminator reads. */
  static List<Value> terminatorValues(Terminator t) {
    return switch (t) {
      case Terminator.Branch br -> List.of(br.cond());
      case Terminator.IndirectJump j -> List.of(j.target());
      case Terminator.CallIndirect c -> List.of(c.target());
      default -> List.of();
    };
  }
}
