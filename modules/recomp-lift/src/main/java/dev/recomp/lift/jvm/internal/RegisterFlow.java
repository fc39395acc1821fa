package dev.recomp.lift.jvm.internal;

import dev.recomp.lift.Block;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one method's register locals must hold the guest's values, found before its code is
 * written. A local is loaded from the CPU state on entry and reloaded after a call or syscall only
 * if its value may be read before the method writes it: by the guest code, or by a write-back
 * ("spill") of a register that may have changed on some paths to it and not on others.
 *
 * <p>Three analyses over the blocks of the method, which lie in address order:
 *
 * <ul>
 *   <li>forward, "dirty": the registers written, on some path, since the method loaded them or
 *       since the last call or syscall reloaded them. A spill writes back only these, and a fault
 *       at least those dirty when its instruction started (so a fault shows the state before the
 *       instruction, like the interpreter).
 *   <li>backward, "live": a register is live where a read or a spill of it may follow before a
 *       write. Live on entry to the method (or to the block after a call) means loaded there.
 *   <li>forward, "valid", meeting by intersection: the registers whose local holds the guest's
 *       value (loaded or reloaded and not changed since, or written since). A fault writes back all
 *       the valid ones it can, dirty or not, which keeps the handler's masks few.
 * </ul>
 */
final class RegisterFlow {
  private final List<Block> blocks;
  private final Set<Long> local;
  private final Set<Long> entries;
  private final Set<Long> jumpTargets;
  private final Set<Op> deadFlagSets;
  private final Set<GuestReg> spilledAtEveryFault;

  private final Map<Long, Set<GuestReg>> dirtyIn = new HashMap<>();
  private final Map<Long, Set<GuestReg>> writes = new HashMap<>();
  private final Map<Long, Map<Integer, Set<GuestReg>>> faultReads = new HashMap<>();
  private final Map<Long, Map<Integer, Set<GuestReg>>> faultSpills = new HashMap<>();
  private final Map<Long, Set<GuestReg>> liveIn = new HashMap<>();
  private final Set<GuestReg> entryLoads = new HashSet<>();
  private final Map<Long, Set<GuestReg>> validIn = new HashMap<>();

  /**
   * @param blocks the method's blocks
   * @param local the addresses of those blocks, which the method reaches by a JVM branch
   * @param entries the blocks the method may start at
   * @param jumpTargets the function's jump table targets, which an indirect jump reaches
   * @param deadFlagSets NZCV writes the method leaves out
   * @param spilledAtEveryFault registers the fault handler writes back whether dirty or not
   */
  RegisterFlow(
      List<Block> blocks,
      Set<Long> local,
      Set<Long> entries,
      Set<Long> jumpTargets,
      Set<Op> deadFlagSets,
      Set<GuestReg> spilledAtEveryFault) {
    this.blocks = blocks;
    this.local = local;
    this.entries = entries;
    this.jumpTargets = jumpTargets;
    this.deadFlagSets = deadFlagSets;
    this.spilledAtEveryFault = spilledAtEveryFault;
    findDirty();
    for (Block b : blocks) {
      faultReads.put(b.pc(), atFaults(b, dirtyIn.get(b.pc())));
    }
    findLive();
    for (long entry : entries) {
      entryLoads.addAll(liveIn.get(entry));
    }
    findValid();
    Set<GuestReg> written = new HashSet<>();
    writes.values().forEach(written::addAll);
    for (Block b : blocks) {
      // A block no entry reaches runs only after a full reload: everything is valid there.
      Map<Integer, Set<GuestReg>> valid = atFaults(b, validIn.getOrDefault(b.pc(), written));
      valid.values().forEach(regs -> regs.retainAll(written));
      faultSpills.put(b.pc(), valid);
    }
  }

  /** The registers the method loads when it starts. */
  Set<GuestReg> entryLoads() {
    return entryLoads;
  }

  /** The registers that may be dirty when block {@code pc} starts. */
  Set<GuestReg> dirtyIn(long pc) {
    return dirtyIn.get(pc);
  }

  /** The registers block {@code pc} writes. */
  Set<GuestReg> writes(long pc) {
    return writes.get(pc);
  }

  /**
   * For each instruction of block {@code pc} that may fault, by the index of its {@link
   * Op.InsnStart} in the block's ops: the registers its fault writes back, those the method writes
   * that are valid when it starts (those dirty then among them).
   */
  Map<Integer, Set<GuestReg>> faultSpills(long pc) {
    return faultSpills.get(pc);
  }

  /** The registers whose value block {@code pc} may read, or spill, before writing them. */
  Set<GuestReg> liveIn(long pc) {
    return liveIn.get(pc);
  }

  /** Blocks control reaches from {@code t} with the registers' locals as they are. */
  private List<Long> successorsWithoutReload(Terminator t) {
    return switch (t) {
      case Terminator.Jump j -> List.of(j.target());
      case Terminator.Branch b -> List.of(b.taken(), b.notTaken());
      case Terminator.IndirectJump j when j.kind() != Terminator.IndirectKind.RETURN ->
          List.copyOf(jumpTargets);
      // Calls and syscalls reload registers: their successors start clean.
      default -> List.of();
    };
  }

  /** Whether the code of {@code t} may write back the dirty registers. */
  private boolean spills(Terminator t) {
    return switch (t) {
      case Terminator.Jump j -> !local.contains(j.target());
      case Terminator.Branch b -> !local.contains(b.taken()) || !local.contains(b.notTaken());
      default -> true;
    };
  }

  private void findDirty() {
    for (Block b : blocks) {
      dirtyIn.put(b.pc(), new HashSet<>());
      Set<GuestReg> regs = new HashSet<>();
      for (Op op : b.ops()) {
        if (op instanceof Op.Set s) {
          regs.add(s.reg());
        }
      }
      writes.put(b.pc(), regs);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : blocks) {
        Set<GuestReg> out = new HashSet<>(dirtyIn.get(b.pc()));
        out.addAll(writes.get(b.pc()));
        for (long target : successorsWithoutReload(b.terminator())) {
          Set<GuestReg> in = dirtyIn.get(target);
          if (in != null && in.addAll(out)) {
            changed = true;
          }
        }
      }
    }
  }

  /**
   * For each instruction of {@code b} that touches memory, by the index of its {@link
   * Op.InsnStart}: {@code atEntry} and the registers the block writes before the instruction.
   */
  private Map<Integer, Set<GuestReg>> atFaults(Block b, Set<GuestReg> atEntry) {
    Map<Integer, Set<GuestReg>> result = new HashMap<>();
    Set<GuestReg> regs = new HashSet<>(atEntry);
    List<Op> ops = b.ops();
    int start = -1;
    Set<GuestReg> atStart = Set.of();
    boolean touchesMemory = false;
    for (int i = 0; i <= ops.size(); i++) {
      Op op = i < ops.size() ? ops.get(i) : null;
      if (op == null || op instanceof Op.InsnStart) {
        if (start >= 0 && touchesMemory) {
          result.put(start, atStart);
        }
        start = i;
        atStart = new HashSet<>(regs);
        touchesMemory = false;
        continue;
      }
      touchesMemory |= isMemory(op);
      if (op instanceof Op.Set s && !deadFlagSets.contains(s)) {
        regs.add(s.reg());
      }
    }
    return result;
  }

  /** An op that can fault: a guest memory access. */
  private static boolean isMemory(Op op) {
    return op instanceof Op.Load
        || op instanceof Op.Store
        || op instanceof Op.LoadExclusive
        || op instanceof Op.StoreExclusive;
  }

  private void findLive() {
    for (Block b : blocks) {
      liveIn.put(b.pc(), new HashSet<>());
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : blocks.reversed()) {
        Set<GuestReg> live = new HashSet<>();
        for (long target : successorsWithoutReload(b.terminator())) {
          if (local.contains(target)) {
            live.addAll(liveIn.get(target));
          }
        }
        if (spills(b.terminator())) {
          live.addAll(dirtyIn.get(b.pc()));
          live.addAll(writes.get(b.pc()));
        }
        Map<Integer, Set<GuestReg>> faults = faultReads.get(b.pc());
        List<Op> ops = b.ops();
        for (int i = ops.size() - 1; i >= 0; i--) {
          switch (ops.get(i)) {
            case Op.Set s when !deadFlagSets.contains(s) -> live.remove(s.reg());
            case Op.Get g -> live.add(g.reg());
            case Op.InsnStart _ -> {
              Set<GuestReg> spilled = faults.get(i);
              if (spilled != null) {
                live.addAll(spilled);
                live.addAll(spilledAtEveryFault);
              }
            }
            default -> {}
          }
        }
        if (liveIn.get(b.pc()).addAll(live)) {
          changed = true;
        }
      }
    }
  }

  /**
   * Forward, to a fixed point, meeting by intersection: the registers whose local holds the guest's
   * value when a block starts (loaded or reloaded and not changed since, or written since). A fault
   * may write those back whether they are dirty or not, which keeps the handler's masks few.
   */
  private void findValid() {
    for (long entry : entries) {
      meet(entry, entryLoads);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Block b : blocks) {
        Set<GuestReg> in = validIn.get(b.pc());
        if (in == null) {
          continue;
        }
        Set<GuestReg> out = new HashSet<>(in);
        for (Op op : b.ops()) {
          if (op instanceof Op.Set s && !deadFlagSets.contains(s)) {
            out.add(s.reg());
          }
        }
        for (long target : successorsWithoutReload(b.terminator())) {
          changed |= meet(target, out);
        }
        long reloadedAt =
            switch (b.terminator()) {
              case Terminator.Call c -> c.returnTo();
              case Terminator.CallIndirect c -> c.returnTo();
              case Terminator.Syscall c -> c.next();
              default -> -1;
            };
        if (local.contains(reloadedAt)) {
          changed |= meet(reloadedAt, liveIn.get(reloadedAt));
        }
      }
    }
  }

  private boolean meet(long target, Set<GuestReg> incoming) {
    if (!local.contains(target)) {
      return false;
    }
    Set<GuestReg> current = validIn.get(target);
    if (current == null) {
      validIn.put(target, new HashSet<>(incoming));
      return true;
    }
    return current.retainAll(incoming);
  }
}
