package dev.recomp.lift.jvm.internal;

import static java.util.Objects.requireNonNullElseGet;

import dev.recomp.lift.Block;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import dev.recomp.runtime.GuestMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The memory accesses of one block that one bound and permission check can cover: plain loads and
 * stores whose addresses are the same base plus different constants, within {@link #WINDOW} bytes.
 * A prologue's and an epilogue's stack slots, a structure's fields, an unrolled loop's elements:
 * the generated code checks the group's range once, before its first access ({@link
 * GuestMemory#range}), and the others become plain host accesses.
 *
 * <p>The base is followed through the block's register writes and constant additions, so {@code ldr
 * w1, [x2, #56]; add x2, x2, #4; ldur w5, [x2, #-4]} is one base at offsets 56 and 0. Nothing in a
 * block changes permissions (a syscall or call ends it), so the check made at the first access
 * holds for the last.
 *
 * <p>Groups take at least {@link #MINIMUM} accesses, each of which falls back to its own checked
 * path when the range fails. Besides these, the loads one instruction makes one after the other
 * (LDP of Q registers, LD1 of several registers) form groups of two or more that are checked like a
 * single access, with no fallback: the check throws the fault the first of them would.
 */
final class AccessGroups {
  /** The widest range one check covers: small enough that few ranges straddle two pages. */
  static final int WINDOW = 256;

  /**
   * The fewest accesses worth a group. A grouped access is no more host code than a checked one,
   * but the range check and each access's fallback are more bytecode for C2 to inline than a pair
   * of checked accesses: with pairs grouped, nbody's largest method passed C2's inlining budget
   * ({@code DesiredMethodLimit}) and ran 15% slower.
   */
  static final int MINIMUM = 3;

  /**
   * A group: its index among the block's groups, the length of its range and the permissions every
   * byte of it needs ({@link GuestMemory#PROT_READ}, {@link GuestMemory#PROT_WRITE}). A group of
   * {@code loadsOfOneInstruction} (LDP of Q registers, LD1 of two to four registers) is checked
   * like one access: loads in ascending order fault, if at all, at the range's first bad byte.
   */
  record Group(int index, int length, int rights, boolean loadsOfOneInstruction) {}

  /**
   * An access of a group, {@code offset} bytes into its range; the {@code first} in the block's
   * order checks the range.
   */
  record Member(Group group, long offset, boolean first) {}

  /** A value as a base and a constant: equal bases are equal values at the time of the access. */
  private record Affine(int base, long offset) {}

  /** An access: its operation, address, width, kind, instruction and place in the block's order. */
  private record Access(
      Op op, Affine address, int width, boolean store, int instruction, int position) {}

  private static final int CONSTANT_BASE = 0;

  private AccessGroups() {}

  /**
   * The block's grouped accesses, by identity; accesses in no group of {@link #MINIMUM} are not.
   */
  static Map<Op, Member> of(Block block) {
    List<Access> accesses = accesses(block);
    Map<Integer, List<List<Access>>> byBase = new HashMap<>();
    List<List<Access>> groups = new ArrayList<>();
    for (Access a : accesses) {
      List<List<Access>> open = byBase.computeIfAbsent(a.address().base(), _ -> new ArrayList<>());
      List<Access> fits = open.stream().filter(g -> fits(g, a)).findFirst().orElse(null);
      if (fits == null) {
        fits = new ArrayList<>();
        open.add(fits);
        groups.add(fits);
      }
      fits.add(a);
    }
    Map<Op, Member> members = new IdentityHashMap<>();
    int index = 0;
    List<Access> ungrouped = new ArrayList<>();
    for (List<Access> g : groups) {
      if (g.size() < MINIMUM) {
        ungrouped.addAll(g);
        continue;
      }
      int rights = 0;
      for (Access a : g) {
        rights |= a.store() ? GuestMemory.PROT_WRITE : GuestMemory.PROT_READ;
      }
      add(g, index++, rights, false, members);
    }
    ungrouped.sort(Comparator.comparingInt(Access::position));
    for (List<Access> g : loadsOfOneInstruction(ungrouped)) {
      add(g, index++, GuestMemory.PROT_READ, true, members);
    }
    return members;
  }

  private static void add(
      List<Access> accesses,
      int index,
      int rights,
      boolean oneInstruction,
      Map<Op, Member> members) {
    long low = low(accesses);
    Group group = new Group(index, (int) (high(accesses) - low), rights, oneInstruction);
    for (Access a : accesses) {
      members.put(a.op(), new Member(group, a.address().offset() - low, a == accesses.getFirst()));
    }
  }

  /**
   * Runs of two or more loads of the same width, at least 8 bytes, that one instruction makes one
   * after the other from one base at rising offsets, among {@code accesses} (in the block's order).
   */
  private static List<List<Access>> loadsOfOneInstruction(List<Access> accesses) {
    List<List<Access>> runs = new ArrayList<>();
    List<Access> run = new ArrayList<>();
    for (Access a : accesses) {
      if (!run.isEmpty() && !continues(run, a)) {
        if (run.size() > 1) {
          runs.add(run);
        }
        run = new ArrayList<>();
      }
      if (!a.store() && a.width() >= 8) {
        run.add(a);
      }
    }
    if (run.size() > 1) {
      runs.add(run);
    }
    return runs;
  }

  private static boolean continues(List<Access> run, Access a) {
    Access last = run.getLast();
    return !a.store()
        && a.width() == last.width()
        && a.instruction() == last.instruction()
        && a.position() == last.position() + 1
        && a.address().base() == last.address().base()
        && a.address().offset() > last.address().offset()
        && a.address().offset() + a.width() - run.getFirst().address().offset() <= WINDOW;
  }

  private static boolean fits(List<Access> group, Access a) {
    long low = Math.min(low(group), a.address().offset());
    long high = Math.max(high(group), a.address().offset() + a.width());
    return high - low <= WINDOW;
  }

  private static long low(List<Access> group) {
    return group.stream().mapToLong(a -> a.address().offset()).min().orElseThrow();
  }

  private static long high(List<Access> group) {
    return group.stream().mapToLong(a -> a.address().offset() + a.width()).max().orElseThrow();
  }

  /** The block's plain accesses in order, each address as a base and an offset. */
  private static List<Access> accesses(Block block) {
    Map<Integer, Affine> temps = new HashMap<>();
    Map<GuestReg, Affine> registers = new HashMap<>();
    int[] lastBase = {CONSTANT_BASE};
    Supplier<Affine> fresh = () -> new Affine(++lastBase[0], 0);
    List<Access> accesses = new ArrayList<>();
    int[] instruction = {0};
    for (Op op : block.ops()) {
      switch (op) {
        case Op.InsnStart _ -> instruction[0]++;
        case Op.Get g ->
            temps.put(g.dst().id(), registers.computeIfAbsent(g.reg(), _ -> fresh.get()));
        case Op.Set s -> {
          Affine a = affine(s.value(), temps);
          if (a != null) {
            registers.put(s.reg(), a);
          } else {
            registers.remove(s.reg());
          }
        }
        case Op.Store s when s.order() == Op.MemOrder.PLAIN ->
            access(s, s.addr(), s.value().type(), true, instruction[0], temps, accesses);
        case Op.Load l when l.order() == Op.MemOrder.PLAIN -> {
          access(l, l.addr(), l.dst().type(), false, instruction[0], temps, accesses);
          temps.put(l.dst().id(), fresh.get());
        }
        case Op.Binary b -> temps.put(b.dst().id(), requireNonNullElseGet(sum(b, temps), fresh));
        case Op.Def d -> temps.put(d.dst().id(), fresh.get());
        default -> {}
      }
    }
    return accesses;
  }

  private static void access(
      Op op,
      Value address,
      Type type,
      boolean store,
      int instruction,
      Map<Integer, Affine> temps,
      List<Access> out) {
    Affine a = affine(address, temps);
    if (a != null) {
      out.add(new Access(op, a, type.bits() / 8, store, instruction, out.size()));
    }
  }

  /** {@code b} as a base and an offset when it adds or subtracts a constant to a known value. */
  private static Affine sum(Op.Binary b, Map<Integer, Affine> temps) {
    if (b.dst().type() != Type.I64 || (b.op() != BinOp.ADD && b.op() != BinOp.SUB)) {
      return null;
    }
    Affine x = affine(b.a(), temps);
    Affine y = affine(b.b(), temps);
    if (x == null || y == null) {
      return null;
    }
    long sign = b.op() == BinOp.ADD ? 1 : -1;
    if (y.base() == CONSTANT_BASE) {
      return new Affine(x.base(), x.offset() + sign * y.offset());
    }
    return x.base() == CONSTANT_BASE && sign == 1
        ? new Affine(y.base(), x.offset() + y.offset())
        : null;
  }

  private static Affine affine(Value v, Map<Integer, Affine> temps) {
    return switch (v) {
      case Const c when c.type() == Type.I64 -> new Affine(CONSTANT_BASE, c.lo());
      case Const _ -> null;
      case Temp t -> t.type() == Type.I64 ? temps.get(t.id()) : null;
    };
  }
}
