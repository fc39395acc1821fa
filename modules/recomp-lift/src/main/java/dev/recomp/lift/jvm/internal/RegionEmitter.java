package dev.recomp.lift.jvm.internal;

import static dev.recomp.lift.jvm.internal.Descriptors.CONTEXT;
import static dev.recomp.lift.jvm.internal.Descriptors.CPU;
import static dev.recomp.lift.jvm.internal.Descriptors.LONG_ARRAY;
import static dev.recomp.lift.jvm.internal.Descriptors.MEMORY;
import static dev.recomp.lift.jvm.internal.Descriptors.OPS;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.recomp.lift.Block;
import dev.recomp.lift.Cond;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import dev.recomp.lift.jvm.JvmOps;
import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Writes the bytecode of one region (a whole function when it is not split) into one method.
 *
 * <p>Guest registers the region touches live in JVM {@code long} locals: loaded from the {@link
 * dev.recomp.runtime.CpuState} on entry, written back ("spilled") before every call, syscall,
 * return, trap and fault, and reloaded after calls, each only where {@link RegisterFlow} finds it
 * needed. IR temporaries are locals too ({@code i128} as two). Flags from {@code addflags}/{@code
 * nzflags} are not computed where they are defined: a {@code condholds} on them evaluates the
 * condition straight from the operands. A live {@code set nzcv} of such flags stores only the
 * operands and their kind ({@link JvmOps#FLAGS_PACKED} and the lazy kinds); the packed value is
 * built where NZCV is read, spilled or reported by a fault.
 */
final class RegionEmitter {
  private static final int CTX = 0;

  private final FunctionPlan plan;
  private final int region;
  private final LongFunction<Optional<ClassDesc>> linkage;
  private final CodeBuilder cob;
  private final List<Block> blocks;
  private final Map<Long, Label> labels = new HashMap<>();

  // Locals.
  private final int cpuSlot;
  private final int memSlot;
  private final int xSlot;
  private final int vSlot;
  private final int budgetSlot;
  private final int resultSlot;
  private final int faultPcSlot;

  /** The fault stub's mask of {@link #faultMaskBits} (an int): which of those to write back. */
  private final int faultMaskSlot;

  /** NZCV held lazily: its kind (int) and the operands of the compare or logic op. */
  private final int flagsKindSlot;

  private final int flagsASlot;
  private final int flagsBSlot;
  private final int flagsCarrySlot;
  private final int faultSlot;

  /** A scratch long for a floating-point fast path's lane. */
  private final int laneSlot;

  private final Map<GuestReg, Integer> regSlots = new LinkedHashMap<>();
  private final Set<GuestReg> written = new TreeSet<>(RegionEmitter::compareRegs);

  /** Where register locals are dirty and live; see {@link RegisterFlow}. */
  private RegisterFlow flow;

  /**
   * The registers a fault writes back at some of the method's faulting instructions and not at
   * others: the handler tests their bit in the stub's mask. It writes back the others that any
   * fault writes back unconditionally.
   */
  private final Map<GuestReg, Integer> faultMaskBits = new HashMap<>();

  /** The registers a fault writes back whatever its instruction. */
  private final Set<GuestReg> spilledAtEveryFault = new HashSet<>();

  /** The registers dirty at the end of the current block; spills write back these. */
  private final Set<GuestReg> dirty = new TreeSet<>(RegionEmitter::compareRegs);

  /** The blocks that check the budget; see {@link #findBudgetCheckpoints}. */
  private final Set<Long> budgetCheckpoints = new HashSet<>();

  private final int tempBase;

  /** Each block's accesses checked as a group (see {@link AccessGroups}), by block address. */
  private final Map<Long, Map<Op, AccessGroups.Member>> accessGroups = new HashMap<>();

  /** The current block's grouped accesses. */
  private Map<Op, AccessGroups.Member> groupedAccesses = Map.of();

  /**
   * The first of the locals of a block's groups: per group, two longs, its range as {@link
   * GuestMemory#range} returned it (for one instruction's loads, the checked host address) and the
   * guest address the range starts at.
   */
  private final int rangeSlots;

  // Per-block state.
  private final Map<Integer, Value> alias = new HashMap<>();
  private final Map<Integer, Op.Def> deferred = new HashMap<>();
  private final Set<Integer> materialized = new java.util.HashSet<>();
  private final Map<GuestReg, Value> forwarded = new HashMap<>();

  /**
   * Single-use pure values (register reads, integer arithmetic, conversions) are not stored in a
   * local but computed where they are used, which keeps methods small for the JIT. {@code inline}
   * holds those still pending with the registers they read: a write to one of those registers first
   * computes them into their locals. {@code consumed} are those already computed in place.
   */
  private final Map<Integer, Set<GuestReg>> inline = new HashMap<>();

  private final Set<Integer> consumed = new java.util.HashSet<>();

  /**
   * Single-use NOTs of a subtrahend (see {@link #recomputeComplement}): pushed anew at each use
   * from their operand, which lives in a local, so that a compare's condition can test the operand.
   */
  private final Set<Integer> recomputed = new java.util.HashSet<>();

  /** Register writes whose value a later read in the same block takes over (see {@link #get}). */
  private final Set<Op.Set> forwardedSets =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * FPSR twins of vector FP calls, called right after them with the same arguments (see {@link
   * FloatFastPath}): emitted together with their call, and skipped where they stand.
   */
  private Map<Op.CallHelper, Op.CallHelper> statusTwins = Map.of();

  /** Each block's FPSR twins, by block address. */
  private final Map<Long, Map<Op.CallHelper, Op.CallHelper>> twinsByBlock = new HashMap<>();

  /** Each block's temporaries' slots relative to {@link #tempBase} ({@link TempSlots}). */
  private final Map<Long, TempSlots.Layout> tempLayouts = new HashMap<>();

  /**
   * Each block's temporaries that get no locals: rearranged halves of others ({@link HalfViews}).
   */
  private final Map<Long, Map<Integer, HalfViews.View>> viewsByBlock = new HashMap<>();

  /** The current block's. */
  private TempSlots.Layout tempLayout;

  /** The current block's. */
  private Map<Integer, HalfViews.View> views;

  private final Set<Op.CallHelper> emittedTwins =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /** A fault handler stub to emit after the code. */
  private record FaultStub(Label handler, long pc, Set<GuestReg> spills) {}

  private final List<FaultStub> faultStubs = new ArrayList<>();

  /** Where calls that return elsewhere go; see {@link #emitUnexpectedReturn}. */
  private Label unexpectedReturn;

  private RegionEmitter(
      FunctionPlan plan, int region, LongFunction<Optional<ClassDesc>> linkage, CodeBuilder cob) {
    this.plan = plan;
    this.region = region;
    this.linkage = linkage;
    this.cob = cob;
    this.blocks = plan.regions.get(region);
    int next = plan.split() ? 3 : 1;
    cpuSlot = next++;
    memSlot = next++;
    xSlot = next++;
    vSlot = next++;
    faultSlot = next++;
    budgetSlot = next;
    next += 2;
    resultSlot = next;
    next += 2;
    faultPcSlot = next;
    next += 2;
    faultMaskSlot = next++;
    flagsKindSlot = next++;
    flagsASlot = next;
    next += 2;
    flagsBSlot = next;
    next += 2;
    flagsCarrySlot = next;
    next += 2;
    laneSlot = next;
    next += 2;
    // Temporaries first: a block uses them more often than the registers' locals, and short
    // loads and stores reach only the first 256 locals.
    tempBase = next;
    int tempSlotCount = 0;
    for (Block b : blocks) {
      Map<Op.CallHelper, Op.CallHelper> twins = statusTwins(b.ops());
      Map<Integer, HalfViews.View> blockViews = HalfViews.of(b.ops());
      TempSlots.Layout layout = TempSlots.assign(b, twins, blockViews);
      twinsByBlock.put(b.pc(), twins);
      viewsByBlock.put(b.pc(), blockViews);
      tempLayouts.put(b.pc(), layout);
      for (int slot : layout.slots()) {
        tempSlotCount = Math.max(tempSlotCount, slot + TempSlots.WIDTH);
      }
    }
    next += tempSlotCount;
    TreeSet<GuestReg> used = new TreeSet<>(RegionEmitter::compareRegs);
    for (Block b : blocks) {
      for (Op op : b.ops()) {
        switch (op) {
          case Op.Get g -> used.add(g.reg());
          case Op.Set s -> {
            used.add(s.reg());
            written.add(s.reg());
          }
          default -> {}
        }
      }
    }
    for (GuestReg r : used) {
      regSlots.put(r, next);
      next += r.type() == Type.I128 ? 4 : 2;
    }
    int groups = 0;
    for (Block b : blocks) {
      Map<Op, AccessGroups.Member> members = AccessGroups.of(b);
      accessGroups.put(b.pc(), members);
      groups =
          Math.max(
              groups, (int) members.values().stream().filter(AccessGroups.Member::first).count());
    }
    rangeSlots = next;
    next += 4 * groups;
  }

  private static int compareRegs(GuestReg a, GuestReg b) {
    int c = a.file().compareTo(b.file());
    return c != 0 ? c : Integer.compare(a.index(), b.index());
  }

  /** Emits the region's method body. */
  static void emit(
      FunctionPlan plan, int region, LongFunction<Optional<ClassDesc>> linkage, CodeBuilder cob) {
    new RegionEmitter(plan, region, linkage, cob).emit();
  }

  private void emit() {
    for (Block b : blocks) {
      labels.put(b.pc(), cob.newLabel());
    }
    cob.aload(CTX).getfield(CONTEXT, "cpu", CPU).astore(cpuSlot);
    cob.aload(CTX).getfield(CONTEXT, "memory", MEMORY).astore(memSlot);
    cob.aload(cpuSlot).getfield(CPU, "x", LONG_ARRAY).astore(xSlot);
    // Only what the method uses: small functions stay under the JIT's inlining and size limits.
    if (regSlots.keySet().stream().anyMatch(reg -> reg.file() == GuestReg.File.V)) {
      cob.aload(cpuSlot).getfield(CPU, "v", LONG_ARRAY).astore(vSlot);
    }
    if (regSlots.containsKey(GuestReg.NZCV)) {
      cob.lconst_0().lstore(flagsASlot);
      cob.lconst_0().lstore(flagsBSlot);
      cob.lconst_0().lstore(flagsCarrySlot);
    }
    planFaultWriteBacks();
    findBudgetCheckpoints();
    Set<GuestReg> entryLoads = flow.entryLoads();
    // The verifier wants every local assigned; those not loaded are written before they are read.
    regSlots.forEach(
        (reg, slot) -> {
          if (!entryLoads.contains(reg)) {
            cob.lconst_0().lstore(slot);
            if (reg.type() == Type.I128) {
              cob.lconst_0().lstore(slot + 2);
            }
          }
        });
    reload(entryLoads);
    if (plan.split()) {
      Label unknown = cob.newLabel();
      switchOn(1, plan.regionEntries.get(region), unknown);
      cob.labelBinding(unknown);
      cob.aload(CTX).iconst_1().putfield(CONTEXT, "leaving", CD_boolean);
      cob.lload(1).lreturn();
    } else if (blocks.getFirst().pc() != plan.function.entry()) {
      // Blocks are laid out in address order; code the function shares may lie below its entry.
      cob.goto_(labels.get(plan.function.entry()));
    }
    for (int i = 0; i < blocks.size(); i++) {
      Block next = i + 1 < blocks.size() ? blocks.get(i + 1) : null;
      block(blocks.get(i), next);
    }
    emitUnexpectedReturn();
    emitFaultHandlers();
  }

  private RegisterFlow registerFlow(Set<GuestReg> alwaysSpilled) {
    return new RegisterFlow(
        blocks,
        labels.keySet(),
        plan.split() ? plan.regionEntries.get(region) : Set.of(plan.function.entry()),
        plan.function.jumpTargets(),
        plan.deadFlagSets,
        alwaysSpilled);
  }

  /**
   * Runs the register flows and sorts the written registers by how many of the method's faulting
   * instructions write them back: all ({@link #spilledAtEveryFault}), some (a bit each in {@link
   * #faultMaskBits}) or none.
   */
  private void planFaultWriteBacks() {
    flow = registerFlow(Set.of());
    List<GuestReg> some = new ArrayList<>();
    classifyFaultWriteBacks(some);
    if (some.size() > Integer.SIZE) {
      // Past the mask's width, a register is written back at every fault, so kept valid for it.
      flow = registerFlow(Set.copyOf(some.subList(Integer.SIZE, some.size())));
      some.clear();
      spilledAtEveryFault.clear();
      classifyFaultWriteBacks(some);
    }
    for (GuestReg reg : some) {
      faultMaskBits.put(reg, 1 << faultMaskBits.size());
    }
  }

  private void classifyFaultWriteBacks(List<GuestReg> some) {
    List<Set<GuestReg>> sites = new ArrayList<>();
    for (Block b : blocks) {
      sites.addAll(flow.faultSpills(b.pc()).values());
    }
    for (GuestReg reg : written) {
      long count = sites.stream().filter(site -> site.contains(reg)).count();
      if (count == sites.size() && count > 0) {
        spilledAtEveryFault.add(reg);
      } else if (count > 0) {
        some.add(reg);
      }
    }
  }

  /**
   * A {@code lookupswitch} on {@code pc - entry} (pc in the long local {@code slot}) to the labels
   * of those {@code targets} that are blocks of this region; anything else goes to {@code
   * otherwise}.
   */
  private void switchOn(int slot, Set<Long> targets, Label otherwise) {
    Map<Long, Label> cases = new TreeMap<>(Long::compareUnsigned);
    for (long t : targets) {
      Label l = labels.get(t);
      if (l != null) {
        cases.put(t, l);
      }
    }
    switchOn(slot, cases, otherwise);
  }

  private void switchOn(int slot, Map<Long, Label> targets, Label otherwise) {
    if (targets.isEmpty()) {
      cob.goto_(otherwise);
      return;
    }
    long entry = plan.function.entry();
    long lowest = Long.MAX_VALUE;
    long highest = Long.MIN_VALUE;
    List<SwitchCase> cases = new ArrayList<>();
    for (Map.Entry<Long, Label> e : targets.entrySet()) {
      long offset = e.getKey() - entry;
      lowest = Math.min(lowest, offset);
      highest = Math.max(highest, offset);
      cases.add(SwitchCase.of((int) offset, e.getValue()));
    }
    cases.sort(java.util.Comparator.comparingInt(SwitchCase::caseValue));
    // Guard the int key: an address far outside the function must not alias a case.
    cob.lload(slot).loadConstant(entry + lowest).lcmp().iflt(otherwise);
    cob.lload(slot).loadConstant(entry + highest).lcmp().ifgt(otherwise);
    cob.lload(slot).loadConstant(entry).lsub().l2i();
    cob.lookupswitch(otherwise, cases);
  }

  // ---- registers --------------------------------------------------------------------------

  /** Loads the budget and, from the CPU state, the registers in {@code regs}. */
  private void reload(Set<GuestReg> regs) {
    cob.aload(cpuSlot).getfield(CPU, "budget", CD_long).lstore(budgetSlot);
    if (regSlots.containsKey(GuestReg.NZCV)) {
      cob.loadConstant(JvmOps.FLAGS_PACKED).istore(flagsKindSlot);
    }
    regSlots.forEach(
        (reg, slot) -> {
          if (!regs.contains(reg)) {
            return;
          }
          switch (reg.file()) {
            case X -> cob.aload(xSlot).loadConstant(reg.index()).laload().lstore(slot);
            case V -> {
              cob.aload(vSlot).loadConstant(2 * reg.index()).laload().lstore(slot);
              cob.aload(vSlot).loadConstant(2 * reg.index() + 1).laload().lstore(slot + 2);
            }
            default -> cob.aload(cpuSlot).getfield(CPU, field(reg), CD_long).lstore(slot);
          }
        });
  }

  /**
   * After a call or syscall that continues at {@code next}: reloads what {@code next} needs (when
   * it is a block of this method; elsewhere, the state is already where the next method loads it
   * from). Nothing is dirty afterwards.
   */
  private void reloadFor(long next) {
    reload(labels.containsKey(next) ? flow.liveIn(next) : Set.of());
    dirty.clear();
  }

  /**
   * Every block counts its instructions off the budget, but only these compare it and call {@code
   * budgetExpired}: the method's entries (the function's, a region's, the return sites and jump
   * table targets the dispatch may enter at) and every block a branch, jump, call return or syscall
   * reaches from a block at or after it. Blocks are laid out in address order, so every loop passes
   * through one of them, and a guest that loops still reaches a check; the count stays exact and a
   * limit is noticed at most one loop-free path late. A check is a compare and a call with the
   * whole register state as its deoptimization state; most blocks need neither.
   */
  private void findBudgetCheckpoints() {
    budgetCheckpoints.add(plan.function.entry());
    budgetCheckpoints.addAll(plan.returnSites);
    budgetCheckpoints.addAll(plan.function.jumpTargets());
    if (plan.split()) {
      budgetCheckpoints.addAll(plan.regionEntries.get(region));
    }
    for (Block b : blocks) {
      List<Long> targets = FunctionPlan.successors(b.terminator());
      for (long target : targets) {
        if (Long.compareUnsigned(target, b.pc()) <= 0) {
          budgetCheckpoints.add(target);
        }
      }
    }
  }

  /** Writes back the budget and the registers whose local may differ from the CPU state. */
  private void spill() {
    spill(dirty);
  }

  private void spill(Set<GuestReg> regs) {
    cob.aload(cpuSlot).lload(budgetSlot).putfield(CPU, "budget", CD_long);
    regs.forEach(this::spillRegister);
  }

  private void spillRegister(GuestReg reg) {
    int slot = regSlots.get(reg);
    switch (reg.file()) {
      case X -> cob.aload(xSlot).loadConstant(reg.index()).lload(slot).lastore();
      case V -> {
        cob.aload(vSlot).loadConstant(2 * reg.index()).lload(slot).lastore();
        cob.aload(vSlot).loadConstant(2 * reg.index() + 1).lload(slot + 2).lastore();
      }
      case NZCV -> {
        cob.aload(cpuSlot);
        pushPackedFlags();
        cob.putfield(CPU, field(reg), CD_long);
      }
      default -> cob.aload(cpuSlot).lload(slot).putfield(CPU, field(reg), CD_long);
    }
  }

  /** Pushes NZCV packed (bits 31-28), building it from lazily held operands if need be. */
  private void pushPackedFlags() {
    cob.iload(flagsKindSlot)
        .lload(flagsASlot)
        .lload(flagsBSlot)
        .lload(flagsCarrySlot)
        .lload(regSlots.get(GuestReg.NZCV));
    cob.invokestatic(OPS, "packedFlags", Descriptors.PACKED_FLAGS);
  }

  private static String field(GuestReg reg) {
    return switch (reg.file()) {
      case SP -> "sp";
      case NZCV -> "nzcv";
      case FPCR -> "fpcr";
      case FPSR -> "fpsr";
      case TPIDR_EL0 -> "tpidrEl0";
      case TPIDRRO_EL0 -> "tpidrroEl0";
      case X, V -> throw new IllegalArgumentException(reg + " lives in an array");
    };
  }

  // ---- blocks -----------------------------------------------------------------------------

  private void block(Block b, Block next) {
    alias.clear();
    deferred.clear();
    materialized.clear();
    forwarded.clear();
    inline.clear();
    consumed.clear();
    recomputed.clear();
    forwardedSets.clear();
    dirty.clear();
    dirty.addAll(flow.dirtyIn(b.pc()));
    dirty.addAll(flow.writes(b.pc()));
    statusTwins = twinsByBlock.get(b.pc());
    tempLayout = tempLayouts.get(b.pc());
    views = viewsByBlock.get(b.pc());
    emittedTwins.clear();
    groupedAccesses = accessGroups.get(b.pc());
    Map<GuestReg, Op.Set> lastSet = new HashMap<>();
    for (Op op : b.ops()) {
      switch (op) {
        case Op.Get g when lastSet.containsKey(g.reg()) -> forwardedSets.add(lastSet.get(g.reg()));
        case Op.Set st -> lastSet.put(st.reg(), st);
        default -> {}
      }
    }
    cob.labelBinding(labels.get(b.pc()));
    int insns = (int) b.ops().stream().filter(op -> op instanceof Op.InsnStart).count();
    if (insns > 0) {
      cob.lload(budgetSlot).loadConstant((long) insns).lsub().lstore(budgetSlot);
    }
    if (budgetCheckpoints.contains(b.pc())) {
      Label enough = cob.newLabel();
      cob.lload(budgetSlot).lconst_0().lcmp().ifge(enough);
      cob.aload(CTX).loadConstant(b.pc()).lload(budgetSlot);
      cob.invokevirtual(CONTEXT, "budgetExpired", Descriptors.BUDGET).lstore(budgetSlot);
      cob.labelBinding(enough);
    }
    Map<Integer, Integer> uses = countUses(b, views);
    Map<Integer, Set<GuestReg>> faultSpills = flow.faultSpills(b.pc());
    Label insnStart = null;
    long insnPc = b.pc();
    int insnIndex = -1;
    List<Op> ops = b.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op instanceof Op.InsnStart start) {
        closeInsn(insnStart, insnPc, faultSpills.get(insnIndex));
        insnStart = cob.newBoundLabel();
        insnPc = start.pc();
        insnIndex = i;
        continue;
      }
      if (op instanceof Op.Load l) {
        int moves = movesIntoRegister(l, ops, i, uses);
        if (moves > 0) {
          loadInto(l, ((Op.Set) ops.get(i + moves)).reg());
          i += moves;
          continue;
        }
      }
      op(op, uses);
      dropDeferredAfterLastUse(i);
    }
    closeInsn(insnStart, insnPc, faultSpills.get(insnIndex));
    terminator(b.terminator(), b.pc(), next);
  }

  /**
   * Forgets the values deferred to a use that has passed without needing them (a condition the
   * branch folded): materialized later, when a register they read changes, they would overwrite the
   * slot their temporary has handed on.
   */
  private void dropDeferredAfterLastUse(int index) {
    inline.keySet().removeIf(id -> tempLayout.lastUse()[id] <= index);
  }

  private static Map<Op.CallHelper, Op.CallHelper> statusTwins(List<Op> ops) {
    Map<Op.CallHelper, Op.CallHelper> twins = new IdentityHashMap<>();
    for (int i = 0; i + 1 < ops.size(); i++) {
      if (ops.get(i) instanceof Op.CallHelper call
          && ops.get(i + 1) instanceof Op.CallHelper twin
          && twin.helper() == FloatFastPath.STATUS_TWINS.get(call.helper())
          && twin.args().equals(call.args())) {
        twins.put(call, twin);
      }
    }
    return twins;
  }

  /**
   * Ends one guest instruction: if it may fault ({@code spills} is then what its fault writes
   * back), its bytecode gets a handler.
   */
  private void closeInsn(Label start, long pc, Set<GuestReg> spills) {
    if (start == null || spills == null) {
      return;
    }
    Label end = cob.newBoundLabel();
    Label handler = cob.newLabel();
    cob.exceptionCatch(start, end, handler, Descriptors.FAULT);
    faultStubs.add(new FaultStub(handler, pc, spills));
  }

  /**
   * Each fault stub records its instruction's PC and the mask of registers its fault writes back,
   * and joins one handler that spills those and rethrows. (A stub is a handler entry, and has a
   * stack map frame anyway; an entry shared per mask would add one per mask.)
   */
  private void emitFaultHandlers() {
    if (faultStubs.isEmpty()) {
      return;
    }
    Label common = cob.newLabel();
    for (FaultStub stub : faultStubs) {
      int mask = 0;
      for (GuestReg reg : stub.spills()) {
        mask |= faultMaskBits.getOrDefault(reg, 0);
      }
      cob.labelBinding(stub.handler());
      cob.loadConstant(stub.pc()).lstore(faultPcSlot);
      if (!faultMaskBits.isEmpty()) {
        cob.loadConstant(mask).istore(faultMaskSlot);
      }
      cob.goto_(common);
    }
    cob.labelBinding(common);
    cob.astore(faultSlot);
    cob.aload(cpuSlot).lload(budgetSlot).putfield(CPU, "budget", CD_long);
    for (GuestReg reg : written) {
      Integer bit = faultMaskBits.get(reg);
      if (bit != null) {
        Label skip = cob.newLabel();
        cob.iload(faultMaskSlot).loadConstant(bit).iand().ifeq(skip);
        spillRegister(reg);
        cob.labelBinding(skip);
      } else if (spilledAtEveryFault.contains(reg)) {
        spillRegister(reg);
      }
    }
    cob.aload(cpuSlot).lload(faultPcSlot).putfield(CPU, "pc", CD_long);
    cob.aload(faultSlot).lload(faultPcSlot);
    cob.invokevirtual(Descriptors.FAULT, "at", Descriptors.FAULT_AT).athrow();
  }

  /**
   * How often each temporary is read. A view's operands count as read more than once: a use of a
   * view may read a half more than once (a 128-bit operation reads its operands' halves as it needs
   * them), so they must be in locals, never computed at their single use.
   */
  private static Map<Integer, Integer> countUses(Block b, Map<Integer, HalfViews.View> views) {
    Map<Integer, Integer> uses = new HashMap<>();
    for (Op op : b.ops()) {
      for (Value v : op.operands()) {
        if (v instanceof Temp t) {
          uses.merge(t.id(), 1, Integer::sum);
        }
      }
    }
    for (Value v : TempSlots.terminatorValues(b.terminator())) {
      if (v instanceof Temp t) {
        uses.merge(t.id(), 1, Integer::sum);
      }
    }
    for (Op op : b.ops()) {
      if (op instanceof Op.Def d && views.containsKey(d.dst().id())) {
        for (Value v : d.operands()) {
          if (v instanceof Temp t) {
            uses.merge(t.id(), 2, Math::max);
          }
        }
      }
    }
    return uses;
  }

  // ---- values -----------------------------------------------------------------------------

  private int lo(Temp t) {
    return tempBase + tempLayout.slots()[t.id()];
  }

  private Value resolve(Value v) {
    if (v instanceof Temp t) {
      Value a = alias.get(t.id());
      if (a != null) {
        return a;
      }
    }
    return v;
  }

  /** Pushes the value's low 64 bits. */
  private void pushLo(Value value) {
    switch (resolve(value)) {
      case Const c -> cob.loadConstant(c.lo());
      case Temp t when views.containsKey(t.id()) -> pushHalf(views.get(t.id()).low());
      case Temp t when recomputed.contains(t.id()) -> push(deferred.get(t.id()));
      case Temp t when inline.remove(t.id()) != null -> {
        consumed.add(t.id());
        push(deferred.get(t.id()));
      }
      case Temp t -> {
        if (consumed.contains(t.id())) {
          throw new IllegalStateException("single-use value " + t + " used twice");
        }
        materialize(t);
        cob.lload(lo(t));
      }
    }
  }

  /** Whether {@code op} can be computed where its only use is instead of into a local. */
  static boolean inlinable(Op op) {
    return switch (op) {
      case Op.Get g -> g.reg().type() != Type.I128;
      case Op.Binary b -> b.a().type() != Type.I128;
      case Op.Unary u -> u.a().type() != Type.I128;
      case Op.Convert c -> c.a().type() != Type.I128 && c.dst().type() != Type.I128;
      default -> false;
    };
  }

  /** Defers a single-use pure value to its use, noting the registers it reads. */
  private void deferInline(Op.Def def) {
    Set<GuestReg> reads = new java.util.HashSet<>();
    if (def instanceof Op.Get g) {
      reads.add(g.reg());
    }
    for (Value v : def.operands()) {
      if (resolve(v) instanceof Temp t && inline.containsKey(t.id())) {
        reads.addAll(inline.get(t.id()));
      }
    }
    deferred.put(def.dst().id(), def);
    inline.put(def.dst().id(), reads);
  }

  /** Computes into their locals the pending values that read {@code reg}, before it changes. */
  private void beforeWriting(GuestReg reg) {
    List<Integer> stale = new ArrayList<>();
    inline.forEach(
        (id, reads) -> {
          if (reads.contains(reg)) {
            stale.add(id);
          }
        });
    stale.sort(null);
    for (int id : stale) {
      if (inline.remove(id) != null) {
        materialize(deferred.get(id).dst());
      }
    }
  }

  /** Computes the operands of a definition that may be evaluated more than once into locals. */
  private void materializeOperands(Op.Def def) {
    for (Value v : def.operands()) {
      if (resolve(v) instanceof Temp t && inline.remove(t.id()) != null) {
        materialize(t);
      }
    }
  }

  /** Pushes the value's high 64 bits ({@code i128} only). */
  private void pushHi(Value value) {
    switch (resolve(value)) {
      case Const c -> cob.loadConstant(c.hi());
      case Temp t when views.containsKey(t.id()) -> pushHalf(views.get(t.id()).high());
      case Temp t -> cob.lload(lo(t) + 2);
    }
  }

  private void pushHalf(HalfViews.Half half) {
    if (half.high()) {
      pushHi(half.value());
    } else {
      pushLo(half.value());
    }
  }

  /** The check that an {@code i1} value is true: its deferred definition's, else a test of it. */
  private Check check(Value value) {
    Check deferredCheck = deferredCheck(value);
    return deferredCheck != null ? deferredCheck : new Test(() -> pushInt(value), Opcode.IFNE);
  }

  /** The check of a condition or compare deferred to this use, or null. */
  private Check deferredCheck(Value value) {
    if (resolve(value) instanceof Temp t && !materialized.contains(t.id())) {
      return switch (deferred.get(t.id())) {
        case Op.CondHolds c -> condition(c);
        case Op.Compare c -> comparison(c);
        case null, default -> null;
      };
    }
    return null;
  }

  /** Pushes an int 0 or 1: whether {@code check} holds. */
  private void pushBoolean(Check check) {
    Label yes = cob.newLabel();
    Label done = cob.newLabel();
    jumpIf(check, yes);
    cob.iconst_0().goto_(done);
    cob.labelBinding(yes);
    cob.iconst_1();
    cob.labelBinding(done);
  }

  /** Pushes the low 32 bits of a value as an int. */
  private void pushInt(Value value) {
    switch (resolve(value)) {
      case Const c -> cob.loadConstant((int) c.lo());
      // l2i drops the high bits itself: a pending truncation to 32 bits need not mask first.
      case Temp t
          when inline.containsKey(t.id())
              && deferred.get(t.id()) instanceof Op.Convert c
              && c.op() == Op.ConvOp.TRUNC
              && c.dst().type() == Type.I32 -> {
        inline.remove(t.id());
        consumed.add(t.id());
        pushLo(c.a());
        cob.l2i();
      }
      case Temp t when inline.containsKey(t.id()) && computedAsInt(deferred.get(t.id())) -> {
        inline.remove(t.id());
        consumed.add(t.id());
        pushIntResult(deferred.get(t.id()));
      }
      case Temp _ -> {
        pushLo(value);
        cob.l2i();
      }
    }
  }

  private void storeLo(Temp dst) {
    cob.lstore(lo(dst));
  }

  private void storeHi(Temp dst) {
    cob.lstore(lo(dst) + 2);
  }

  /** Computes a deferred definition into its local the first time its value is needed. */
  private void materialize(Temp t) {
    Op.Def def = deferred.get(t.id());
    if (def == null || !materialized.add(t.id())) {
      return;
    }
    switch (def) {
      case Op.AddFlags f -> {
        pushLo(f.a());
        pushLo(f.b());
        pushLo(f.carryIn());
        cob.loadConstant(f.a().type().bits());
        cob.invokestatic(OPS, "addFlags", Descriptors.JJJI_J);
      }
      case Op.NzFlags f -> {
        pushLo(f.result());
        cob.loadConstant(f.result().type().bits());
        cob.invokestatic(OPS, "nzFlags", Descriptors.JI_J);
      }
      case Op.CondHolds c -> {
        pushBoolean(condition(c));
        cob.i2l();
      }
      case Op.Compare c -> {
        pushBoolean(comparison(c));
        cob.i2l();
      }
      case Op.Get _, Op.Binary _, Op.Unary _, Op.Convert _ -> push(def);
      default -> throw new IllegalStateException("not deferrable: " + def);
    }
    cob.lstore(lo(t));
  }

  /** Pushes the value of a pure 64-bit-or-narrower definition. */
  private void push(Op.Def def) {
    switch (def) {
      case Op.Get g -> pushRegister(g.reg());
      case Op.Binary b -> pushBinary(b);
      case Op.Unary u -> pushUnary(u);
      case Op.Convert c -> pushConvert(c);
      default -> throw new IllegalStateException("not a pure value: " + def);
    }
  }

  // ---- operations -------------------------------------------------------------------------

  private void op(Op op, Map<Integer, Integer> uses) {
    switch (op) {
      case Op.Def d when views.containsKey(d.dst().id()) -> {}
      case Op.Get g when forwarded.containsKey(g.reg()) -> get(g);
      case Op.Def d when inlinable(d) && uses.getOrDefault(d.dst().id(), 0) <= 1 -> deferInline(d);
      case Op.Get g -> get(g);
      case Op.Set s -> set(s);
      case Op.Binary b -> binary(b);
      case Op.Unary u -> unary(u);
      case Op.Convert c -> convert(c);
      case Op.Compare c -> {
        if (uses.getOrDefault(c.dst().id(), 0) <= 1) {
          deferred.put(c.dst().id(), c);
        } else {
          pushBoolean(comparison(c));
          cob.i2l();
          storeLo(c.dst());
        }
      }
      case Op.CondHolds c -> {
        if (uses.getOrDefault(c.dst().id(), 0) <= 1) {
          deferred.put(c.dst().id(), c);
        } else {
          pushBoolean(condition(c));
          cob.i2l();
          storeLo(c.dst());
        }
      }
      case Op.AddFlags f -> {
        // Flags may be evaluated once per use: their operands must live in locals.
        recomputeComplement(f.b());
        materializeOperands(f);
        deferred.put(f.dst().id(), f);
      }
      case Op.NzFlags f -> {
        materializeOperands(f);
        deferred.put(f.dst().id(), f);
      }
      case Op.Select s -> select(s);
      case Op.Load l -> load(l);
      case Op.Store s -> store(s);
      case Op.LoadExclusive l -> loadExclusive(l);
      case Op.StoreExclusive s -> storeExclusive(s);
      case Op.ClearExclusive _ ->
          cob.aload(cpuSlot).invokevirtual(CPU, "clearExclusive", Descriptors.VOID);
      case Op.Barrier _ ->
          cob.invokestatic(ClassDesc.of(VarHandle.class.getName()), "fullFence", Descriptors.VOID);
      case Op.CallHelper c when emittedTwins.contains(c) -> {}
      case Op.CallHelper c -> callHelper(c);
      case Op.InsnStart _ -> {}
    }
  }

  /**
   * Calls the helper, behind the host arithmetic of its {@link FloatFastPath} if it has one (with
   * its FPSR twin's answer on the fast path, if it has a twin).
   */
  private void callHelper(Op.CallHelper c) {
    Optional<FloatFastPath> fast = FloatFastPath.of(c);
    if (fast.isEmpty()) {
      invokeHelper(c);
      return;
    }
    materializeOperands(c);
    FloatFastPath.Arguments args =
        new FloatFastPath.Arguments() {
          @Override
          public void pushLo(int index) {
            RegionEmitter.this.pushLo(c.args().get(index));
          }

          @Override
          public void pushHi(int index) {
            RegionEmitter.this.pushHi(c.args().get(index));
          }
        };
    Op.CallHelper twin = statusTwins.get(c);
    Label slow = cob.newLabel();
    Label done = cob.newLabel();
    fast.get().emit(cob, args, lo(c.dst()), laneSlot, slow);
    if (twin != null) {
      args.pushLo(fast.get().fpsrArg());
      storeLo(twin.dst());
      emittedTwins.add(twin);
    }
    cob.goto_(done).labelBinding(slow);
    invokeHelper(c);
    if (twin != null) {
      invokeHelper(twin);
    }
    cob.labelBinding(done);
  }

  /** Calls the helper's implementation; an {@code i128} result's high half returns in scratch. */
  private void invokeHelper(Op.CallHelper c) {
    for (Value a : c.args()) {
      pushLo(a);
      if (a.type() == Type.I128) {
        pushHi(a);
      }
    }
    boolean wide = c.dst().type() == Type.I128;
    if (wide) {
      cob.aload(CTX).getfield(CONTEXT, "scratch", LONG_ARRAY);
    }
    cob.invokestatic(
        Descriptors.desc(c.helper().owner()), c.helper().method(), Descriptors.helper(c.helper()));
    storeLo(c.dst());
    if (wide) {
      cob.aload(CTX).getfield(CONTEXT, "scratch", LONG_ARRAY).iconst_0().laload();
      storeHi(c.dst());
    }
  }

  private void get(Op.Get g) {
    Value known = forwarded.get(g.reg());
    if (known != null) {
      alias.put(g.dst().id(), known);
      return;
    }
    pushRegister(g.reg());
    storeLo(g.dst());
    if (g.reg().type() == Type.I128) {
      cob.lload(regSlots.get(g.reg()) + 2);
      storeHi(g.dst());
    }
  }

  /** Pushes a register's (low) 64 bits. */
  private void pushRegister(GuestReg reg) {
    switch (reg.file()) {
      case NZCV -> pushPackedFlags();
      case FPCR, FPSR -> cob.lload(regSlots.get(reg)).loadConstant(0xffff_ffffL).land();
      default -> cob.lload(regSlots.get(reg));
    }
  }

  private void set(Op.Set s) {
    Value value = resolve(s.value());
    Temp pending = value instanceof Temp t && inline.containsKey(t.id()) ? t : null;
    if (pending != null && !s.reg().equals(GuestReg.NZCV)) {
      // Computed straight into the register's local; a later read in the block reads that local
      // rather than a copy of the value kept for it.
      forwarded.remove(s.reg());
    } else {
      if (pending != null && forwardedSets.contains(s)) {
        inline.remove(pending.id());
        materialize(pending);
      }
      forwarded.put(s.reg(), value);
    }
    if (plan.deadFlagSets.contains(s)) {
      return;
    }
    if (s.reg().equals(GuestReg.NZCV)) {
      setFlags(value);
      return;
    }
    int slot = regSlots.get(s.reg());
    pushLo(value);
    beforeWriting(s.reg());
    cob.lstore(slot);
    if (s.reg().type() == Type.I128) {
      pushHi(value);
      cob.lstore(slot + 2);
    }
  }

  /**
   * NZCV := value. Flags of a compare or logic op of 32 or 64 bits are kept as their operands and
   * kind; anything else is packed into the register's local.
   */
  private void setFlags(Value value) {
    beforeWriting(GuestReg.NZCV);
    int kind = JvmOps.FLAGS_PACKED;
    if (value instanceof Temp t) {
      switch (deferred.get(t.id())) {
        case Op.AddFlags f when f.a().type().bits() >= 32 -> {
          kind = f.a().type().bits() == 64 ? JvmOps.FLAGS_ADD64 : JvmOps.FLAGS_ADD32;
          pushLo(f.a());
          cob.lstore(flagsASlot);
          pushLo(f.b());
          cob.lstore(flagsBSlot);
          pushLo(f.carryIn());
          cob.lstore(flagsCarrySlot);
        }
        case Op.NzFlags f when f.result().type().bits() >= 32 -> {
          kind = f.result().type().bits() == 64 ? JvmOps.FLAGS_LOGIC64 : JvmOps.FLAGS_LOGIC32;
          pushLo(f.result());
          cob.lstore(flagsASlot);
        }
        case null, default -> {}
      }
    }
    if (kind == JvmOps.FLAGS_PACKED) {
      pushLo(value);
      cob.loadConstant(0xf000_0000L).land().lstore(regSlots.get(GuestReg.NZCV));
    }
    cob.loadConstant(kind).istore(flagsKindSlot);
  }

  private void maskTo(int bits) {
    if (bits < 64) {
      cob.loadConstant((1L << bits) - 1).land();
    }
  }

  private void binary(Op.Binary b) {
    if (b.a().type() == Type.I128) {
      binary128(b);
      return;
    }
    pushBinary(b);
    storeLo(b.dst());
  }

  private void pushBinary(Op.Binary b) {
    int bits = b.a().type().bits();
    if (computedAsInt(b)) {
      pushIntResult(b);
      zeroExtendInt();
      return;
    }
    switch (b.op()) {
      case ADD -> {
        pushOperands(b);
        cob.ladd();
        maskTo(bits);
      }
      case SUB -> {
        pushOperands(b);
        cob.lsub();
        maskTo(bits);
      }
      case MUL -> {
        pushOperands(b);
        cob.lmul();
        maskTo(bits);
      }
      case AND -> {
        pushOperands(b);
        cob.land();
      }
      case OR -> {
        pushOperands(b);
        cob.lor();
      }
      case XOR -> {
        pushOperands(b);
        cob.lxor();
      }
      case SHL -> {
        pushLo(b.a());
        pushShiftAmount(b.b(), bits, 64);
        cob.lshl();
        maskTo(bits);
      }
      case LSHR -> {
        pushLo(b.a());
        pushShiftAmount(b.b(), bits, 64);
        cob.lushr();
      }
      case ASHR -> pushArithmeticShift(b.a(), b.b(), bits);
      case ROR -> pushRotate(b.a(), b.b(), bits);
      case UMULH -> {
        pushOperands(b);
        cob.invokestatic(Descriptors.MATH, "unsignedMultiplyHigh", Descriptors.JJ_J);
      }
      case SMULH -> {
        pushOperands(b);
        cob.invokestatic(Descriptors.MATH, "multiplyHigh", Descriptors.JJ_J);
      }
      case UDIV -> pushDivision(b.a(), b.b(), bits, false);
      case SDIV -> pushDivision(b.a(), b.b(), bits, true);
    }
  }

  /**
   * Whether an operation is computed as JVM int arithmetic: the 32-bit operations that have an int
   * form. C2 then keeps a chain of them (SHA-256's rounds, say) in 32-bit host instructions, which
   * zero-extend for free, instead of masking after each one; {@link #pushInt} takes a single-use
   * operand computed this way without extending and truncating it in between.
   */
  private static boolean computedAsInt(Op.Def def) {
    return switch (def) {
      case Op.Binary b ->
          b.a().type() == Type.I32
              && switch (b.op()) {
                case ADD, SUB, MUL, AND, OR, XOR, SHL, LSHR, ASHR, ROR -> true;
                default -> false;
              };
      case Op.Unary u -> u.a().type() == Type.I32 && u.op() != Op.UnOp.CLS;
      default -> false;
    };
  }

  /** Pushes the int result of an operation {@link #computedAsInt} says is one. */
  private void pushIntResult(Op.Def def) {
    switch (def) {
      case Op.Binary b -> pushIntBinary(b);
      case Op.Unary u -> pushIntUnary(u);
      default -> throw new IllegalArgumentException(def.toString());
    }
  }

  private void pushIntBinary(Op.Binary b) {
    pushInt(b.a());
    switch (b.op()) {
      case SHL, LSHR, ASHR, ROR -> pushShiftAmount(b.b(), 32, 32);
      default -> pushInt(b.b());
    }
    switch (b.op()) {
      case ADD -> cob.iadd();
      case SUB -> cob.isub();
      case MUL -> cob.imul();
      case AND -> cob.iand();
      case OR -> cob.ior();
      case XOR -> cob.ixor();
      case SHL -> cob.ishl();
      case LSHR -> cob.iushr();
      case ASHR -> cob.ishr();
      case ROR -> cob.invokestatic(Descriptors.INTEGER, "rotateRight", Descriptors.II_I);
      default -> throw new IllegalArgumentException(b.toString());
    }
  }

  private void pushIntUnary(Op.Unary u) {
    pushInt(u.a());
    switch (u.op()) {
      case NOT -> cob.iconst_m1().ixor();
      case NEG -> cob.ineg();
      case CLZ -> cob.invokestatic(Descriptors.INTEGER, "numberOfLeadingZeros", Descriptors.I_I);
      case RBIT -> cob.invokestatic(Descriptors.INTEGER, "reverse", Descriptors.I_I);
      case BSWAP -> cob.invokestatic(Descriptors.INTEGER, "reverseBytes", Descriptors.I_I);
      case CLS -> throw new IllegalArgumentException(u.toString());
    }
  }

  private void pushOperands(Op.Binary b) {
    pushLo(b.a());
    pushLo(b.b());
  }

  /**
   * Pushes a shift amount as an int modulo the width {@code bits}: a constant one as a single
   * constant; a variable one masked unless the JVM shift of {@code hostBits}-bit operands takes it
   * modulo the same width itself.
   */
  private void pushShiftAmount(Value amount, int bits, int hostBits) {
    if (resolve(amount) instanceof Const c) {
      cob.loadConstant((int) (c.lo() & (bits - 1)));
    } else {
      pushLo(amount);
      cob.l2i();
      if (bits != hostBits) {
        cob.loadConstant(bits - 1).iand();
      }
    }
  }

  /** ASR of a value narrower or wider than 32 bits (an int's is {@link #pushIntBinary}). */
  private void pushArithmeticShift(Value a, Value amount, int bits) {
    pushSignExtended(a, bits);
    pushShiftAmount(amount, bits, 64);
    cob.lshr();
    maskTo(bits);
  }

  /**
   * ROR of a value other than an int's (which is {@link #pushIntBinary}): at 64 bits the JDK's
   * rotate intrinsic, one host instruction; a narrower value is multiplied into two adjacent
   * copies, which a logical shift then rotates.
   */
  private void pushRotate(Value a, Value amount, int bits) {
    pushLo(a);
    if (bits == 64) {
      pushShiftAmount(amount, 64, 64);
      cob.invokestatic(Descriptors.LONG, "rotateRight", Descriptors.JI_J);
    } else {
      cob.loadConstant((1L << bits) + 1).lmul();
      pushShiftAmount(amount, bits, 64);
      cob.lushr();
      maskTo(bits);
    }
  }

  /**
   * UDIV and SDIV as on A64, where {@code x / 0} is 0 (the JVM would throw) and signed {@code MIN /
   * -1} wraps to MIN (as the JVM's does). Signed 32-bit operands divide as ints, other signed
   * widths sign-extended, unsigned ones zero-extended as they are held ({@code
   * Long.divideUnsigned}, an intrinsic, at 64 bits).
   */
  private void pushDivision(Value a, Value b, int bits, boolean signed) {
    boolean ints = signed && bits == 32;
    for (Value v : List.of(a, b)) {
      if (ints) {
        pushInt(v);
      } else if (signed) {
        pushSignExtended(v, bits);
      } else {
        pushLo(v);
      }
    }
    boolean mayBeZero = !(resolve(b) instanceof Const c && c.lo() != 0);
    Label done = cob.newLabel();
    if (mayBeZero) {
      Label divide = cob.newLabel();
      if (ints) {
        cob.dup().ifne(divide);
        cob.pop2().iconst_0().goto_(done);
      } else {
        cob.dup2().lconst_0().lcmp().ifne(divide);
        cob.pop2().pop2().lconst_0().goto_(done);
      }
      cob.labelBinding(divide);
    }
    if (ints) {
      cob.idiv();
    } else if (signed || bits < 64) {
      cob.ldiv();
    } else {
      cob.invokestatic(Descriptors.LONG, "divideUnsigned", Descriptors.JJ_J);
    }
    cob.labelBinding(done);
    if (ints) {
      zeroExtendInt();
    } else if (signed) {
      maskTo(bits);
    }
  }

  /** Pushes a value sign-extended from {@code bits} to 64 bits. */
  private void pushSignExtended(Value v, int bits) {
    if (bits == 32) {
      pushInt(v);
      cob.i2l();
      return;
    }
    pushLo(v);
    signExtend(bits);
  }

  /** Sign-extends the long on the stack from its low {@code bits} bits. */
  private void signExtend(int bits) {
    if (bits == 32) {
      cob.l2i().i2l();
    } else if (bits < 64) {
      cob.loadConstant(64 - bits).lshl().loadConstant(64 - bits).lshr();
    }
  }

  /** Widens the int on the stack to a long holding its 32 bits zero-extended. */
  private void zeroExtendInt() {
    cob.i2l().loadConstant(0xffff_ffffL).land();
  }

  private void binary128(Op.Binary b) {
    boolean shift = b.op() == Op.BinOp.SHL || b.op() == Op.BinOp.LSHR;
    if (shift && resolve(b.b()) instanceof Const c) {
      shift128(b.op() == Op.BinOp.SHL, b.a(), (int) (c.lo() & 127), b.dst());
      return;
    }
    switch (b.op()) {
      case AND, OR, XOR -> {
        Opcode opcode =
            switch (b.op()) {
              case AND -> Opcode.LAND;
              case OR -> Opcode.LOR;
              default -> Opcode.LXOR;
            };
        pushLo(b.a());
        pushLo(b.b());
        cob.with(OperatorInstruction.of(opcode));
        storeLo(b.dst());
        pushHi(b.a());
        pushHi(b.b());
        cob.with(OperatorInstruction.of(opcode));
        storeHi(b.dst());
      }
      case SHL -> {
        pushLo(b.a());
        pushLo(b.b());
        cob.invokestatic(OPS, "shl128Lo", Descriptors.JJ_J);
        pushLo(b.a());
        pushHi(b.a());
        pushLo(b.b());
        cob.invokestatic(OPS, "shl128Hi", Descriptors.JJJ_J);
        storeHi(b.dst());
        storeLo(b.dst());
      }
      case LSHR -> {
        pushLo(b.a());
        pushHi(b.a());
        pushLo(b.b());
        cob.invokestatic(OPS, "lshr128Lo", Descriptors.JJJ_J);
        pushHi(b.a());
        pushLo(b.b());
        cob.invokestatic(OPS, "lshr128Hi", Descriptors.JJ_J);
        storeHi(b.dst());
        storeLo(b.dst());
      }
      default ->
          throw new IllegalArgumentException(b.op() + " on i128 is rejected by the verifier");
    }
  }

  /**
   * An {@code i128} shift by a constant {@code s} (0-127), as the lifter's vector code shifts: a
   * few long shifts, the bits crossing between the halves or-ed in.
   */
  private void shift128(boolean left, Value a, int s, Temp dst) {
    if (s == 0) {
      pushLo(a);
      storeLo(dst);
      pushHi(a);
      storeHi(dst);
    } else if (left && s < 64) {
      pushLo(a);
      cob.loadConstant(s).lshl();
      storeLo(dst);
      pushHi(a);
      cob.loadConstant(s).lshl();
      pushLo(a);
      cob.loadConstant(64 - s).lushr().lor();
      storeHi(dst);
    } else if (left) {
      cob.lconst_0();
      storeLo(dst);
      pushLo(a);
      cob.loadConstant(s - 64).lshl();
      storeHi(dst);
    } else if (s < 64) {
      pushLo(a);
      cob.loadConstant(s).lushr();
      pushHi(a);
      cob.loadConstant(64 - s).lshl().lor();
      storeLo(dst);
      pushHi(a);
      cob.loadConstant(s).lushr();
      storeHi(dst);
    } else {
      pushHi(a);
      cob.loadConstant(s - 64).lushr();
      storeLo(dst);
      cob.lconst_0();
      storeHi(dst);
    }
  }

  private void unary(Op.Unary u) {
    Type type = u.a().type();
    if (type == Type.I128) {
      pushLo(u.a());
      cob.loadConstant(-1L).lxor();
      storeLo(u.dst());
      pushHi(u.a());
      cob.loadConstant(-1L).lxor();
      storeHi(u.dst());
      return;
    }
    pushUnary(u);
    storeLo(u.dst());
  }

  private void pushUnary(Op.Unary u) {
    if (computedAsInt(u)) {
      pushIntResult(u);
      zeroExtendInt();
      return;
    }
    Value a = u.a();
    int bits = a.type().bits();
    switch (u.op()) {
      case NOT -> {
        pushLo(a);
        cob.loadConstant(bits >= 64 ? -1L : (1L << bits) - 1).lxor();
      }
      case NEG -> {
        pushLo(a);
        cob.lneg();
        maskTo(bits);
      }
      case CLZ -> {
        pushLo(a);
        cob.invokestatic(Descriptors.LONG, "numberOfLeadingZeros", Descriptors.J_I);
        if (bits < 64) {
          cob.loadConstant(64 - bits).isub();
        }
        cob.i2l();
      }
      case CLS -> {
        // XOR with the sign turns the leading sign bits into leading zeros; the sign bit itself
        // and the bits above the width do not count.
        pushSignExtended(a, bits);
        cob.dup2().loadConstant(63).lshr().lxor();
        cob.invokestatic(Descriptors.LONG, "numberOfLeadingZeros", Descriptors.J_I);
        cob.loadConstant(64 - bits + 1).isub().i2l();
      }
      case RBIT -> {
        pushLo(a);
        cob.invokestatic(Descriptors.LONG, "reverse", Descriptors.J_J);
        shiftDownFromTop(bits);
      }
      case BSWAP -> {
        pushLo(a);
        cob.invokestatic(Descriptors.LONG, "reverseBytes", Descriptors.J_J);
        shiftDownFromTop(bits);
      }
    }
  }

  /**
   * After a 64-bit reversal, brings the reversed {@code bits}-bit value down from the top (one
   * shift, smaller bytecode than the int forms' narrowing and widening).
   */
  private void shiftDownFromTop(int bits) {
    if (bits < 64) {
      cob.loadConstant(64 - bits).lushr();
    }
  }

  private void convert(Op.Convert c) {
    if (c.dst().type() != Type.I128) {
      pushConvert(c);
      storeLo(c.dst());
      return;
    }
    pushLo(c.a());
    if (c.op() == Op.ConvOp.SEXT) {
      signExtend(c.a().type().bits());
      cob.dup2();
      storeLo(c.dst());
      cob.loadConstant(63).lshr();
    } else {
      storeLo(c.dst());
      cob.lconst_0();
    }
    storeHi(c.dst());
  }

  /** Pushes a conversion to 64 bits or fewer. */
  private void pushConvert(Op.Convert c) {
    Type from = c.a().type();
    Type to = c.dst().type();
    if (c.op() == Op.ConvOp.SEXT) {
      pushSignExtended(c.a(), from.bits());
      maskTo(to.bits());
      return;
    }
    pushLo(c.a());
    if (c.op() == Op.ConvOp.TRUNC) {
      maskTo(to.bits());
    }
  }

  // ---- conditions -------------------------------------------------------------------------

  /**
   * A condition as bytecode, for its consumer to branch on: a conditional branch or a select jumps
   * on it directly, and only a condition stored as a value is turned into 0 or 1. Conditions are
   * plain compares and JDK intrinsics rather than calls: HotSpot stops inlining calls in a large
   * method (its per-compilation node budget), but never stops compiling bytecode or intrinsics.
   */
  private sealed interface Check {
    Check negated();
  }

  /** {@code push} leaves the operands of {@code jump}, an IFxx or IF_ICMPxx taken iff it holds. */
  private record Test(Runnable push, Opcode jump) implements Check {
    @Override
    public Check negated() {
      return new Test(push, inverse(jump));
    }
  }

  /** Both checks hold (the second is evaluated only if the first holds). */
  private record Both(Check first, Check second) implements Check {
    @Override
    public Check negated() {
      return new Either(first.negated(), second.negated());
    }
  }

  /** Either check holds (the second is evaluated only if the first does not). */
  private record Either(Check first, Check second) implements Check {
    @Override
    public Check negated() {
      return new Both(first.negated(), second.negated());
    }
  }

  /**
   * Jumps to {@code target} if {@code check} holds, else falls through. A jump back (to a block at
   * or before this one: a loop's back edge) is a forward jump over a {@code goto}: C2 takes a back
   * edge's safepoint state before the branch pops its operands, so a conditional branch back on a
   * 64-bit compare keeps the {@code lcmp} result alive as a value (four instructions per iteration)
   * where the {@code goto}'s state has nothing on the stack.
   */
  private void branch(Check check, boolean back, Label target) {
    if (!back) {
      jumpIf(check, target);
      return;
    }
    Label stay = cob.newLabel();
    jumpIf(check.negated(), stay);
    cob.goto_(target);
    cob.labelBinding(stay);
  }

  /** Jumps to {@code target} if {@code check} holds, else falls through. */
  private void jumpIf(Check check, Label target) {
    switch (check) {
      case Test t -> {
        t.push().run();
        cob.branch(t.jump(), target);
      }
      case Both b -> {
        Label fails = cob.newLabel();
        jumpIf(b.first().negated(), fails);
        jumpIf(b.second(), target);
        cob.labelBinding(fails);
      }
      case Either e -> {
        jumpIf(e.first(), target);
        jumpIf(e.second(), target);
      }
    }
  }

  private static Opcode inverse(Opcode jump) {
    return switch (jump) {
      case IFEQ -> Opcode.IFNE;
      case IFNE -> Opcode.IFEQ;
      case IFLT -> Opcode.IFGE;
      case IFGE -> Opcode.IFLT;
      case IFGT -> Opcode.IFLE;
      case IFLE -> Opcode.IFGT;
      case IF_ICMPEQ -> Opcode.IF_ICMPNE;
      case IF_ICMPNE -> Opcode.IF_ICMPEQ;
      case IF_ICMPLT -> Opcode.IF_ICMPGE;
      case IF_ICMPGE -> Opcode.IF_ICMPLT;
      case IF_ICMPGT -> Opcode.IF_ICMPLE;
      case IF_ICMPLE -> Opcode.IF_ICMPGT;
      default -> throw new IllegalArgumentException("not a conditional branch: " + jump);
    };
  }

  /** The IF_ICMPxx that compares two ints as the IFxx {@code jump} compares one int with zero. */
  private static Opcode betweenInts(Opcode jump) {
    return switch (jump) {
      case IFEQ -> Opcode.IF_ICMPEQ;
      case IFNE -> Opcode.IF_ICMPNE;
      case IFLT -> Opcode.IF_ICMPLT;
      case IFGE -> Opcode.IF_ICMPGE;
      case IFGT -> Opcode.IF_ICMPGT;
      case IFLE -> Opcode.IF_ICMPLE;
      default -> throw new IllegalArgumentException("not a test against zero: " + jump);
    };
  }

  private Check constant(boolean holds) {
    return new Test(holds ? cob::iconst_1 : cob::iconst_0, Opcode.IFNE);
  }

  /** The check of an IR compare. */
  private Check comparison(Op.Compare c) {
    boolean signed =
        switch (c.op()) {
          case SLT, SLE, SGT, SGE -> true;
          default -> false;
        };
    Opcode jump =
        switch (c.op()) {
          case EQ -> Opcode.IFEQ;
          case NE -> Opcode.IFNE;
          case ULT, SLT -> Opcode.IFLT;
          case ULE, SLE -> Opcode.IFLE;
          case UGT, SGT -> Opcode.IFGT;
          case UGE, SGE -> Opcode.IFGE;
        };
    return ordered(c.a(), c.b(), c.a().type().bits(), signed, jump);
  }

  /**
   * Compares {@code bits}-bit integers {@code a} and {@code b} (held zero-extended) as unsigned or
   * signed; {@code jump} is the IFxx the relation would be on their difference. Zero-extended
   * values below 64 bits already compare unsigned as longs; 32-bit ones compare as ints when sign
   * does not matter or is wanted.
   */
  private Check ordered(Value a, Value b, int bits, boolean signed, Opcode jump) {
    boolean equality = jump == Opcode.IFEQ || jump == Opcode.IFNE;
    if (bits == 32 && (signed || equality)) {
      return new Test(
          () -> {
            pushInt(a);
            pushInt(b);
          },
          betweenInts(jump));
    }
    boolean unsigned64 = !signed && bits == 64 && !equality;
    return new Test(
        () -> {
          pushLo(a);
          alignSigned(signed, bits);
          pushLo(b);
          alignSigned(signed, bits);
          if (unsigned64) {
            cob.invokestatic(Descriptors.LONG, "compareUnsigned", Descriptors.JJ_I);
          } else {
            cob.lcmp();
          }
        },
        jump);
  }

  /** Moves a narrow signed value to the top of the long, where signed long order is its order. */
  private void alignSigned(boolean signed, int bits) {
    if (signed && bits < 64) {
      cob.loadConstant(64 - bits).lshl();
    }
  }

  /**
   * The check of {@code cond} on flags, computed from their definition when it is deferred in this
   * block (the operands of a compare, an add or a logical result), else from packed NZCV. Below AL,
   * an odd condition is the negation of the even one before it.
   */
  private Check condition(Op.CondHolds c) {
    int code = c.cond().ordinal();
    if (code >= Cond.AL.ordinal()) {
      return constant(true);
    }
    Cond base = Cond.of(code & ~1);
    Value nzcv = resolve(c.nzcv());
    Op.Def def = nzcv instanceof Temp t ? deferred.get(t.id()) : null;
    Check check =
        switch (def) {
          case Op.AddFlags f -> afterAdd(base, f);
          case Op.NzFlags f -> afterLogic(base, f.result());
          case null, default -> packed(base, nzcv);
        };
    return (code & 1) != 0 ? check.negated() : check;
  }

  private static IllegalArgumentException notBase(Cond base) {
    return new IllegalArgumentException("not a base condition: " + base);
  }

  /** A base condition on the flags of AddWithCarry(a, b, carry). */
  private Check afterAdd(Cond base, Op.AddFlags f) {
    Value x = subtrahend(f);
    if (x != null) {
      return afterSubtract(base, f.a(), x);
    }
    return f.a().type() == Type.I64 ? afterAdd64(base, f) : afterAdd32(base, f);
  }

  /**
   * The {@code x} of flags that are those of {@code a - x}, AddWithCarry(a, NOT x, 1) as SUBS and
   * CMP build them: the carry is 1 and {@code b} a constant or a NOT whose operand is in a local.
   * Else null.
   */
  private Value subtrahend(Op.AddFlags f) {
    if (!(resolve(f.carryIn()) instanceof Const carry && carry.lo() == 1)) {
      return null;
    }
    return switch (resolve(f.b())) {
      case Const b -> Const.of(b.type(), ~b.lo());
      case Temp b when recomputed.contains(b.id()) -> ((Op.Unary) deferred.get(b.id())).a();
      case Temp _ -> null;
    };
  }

  /**
   * A subtrahend's NOT (SUBS and CMP add NOT x with carry 1) is left unevaluated: x goes to a
   * local, a condition compares with x, and the other uses recompute NOT x from it.
   */
  private void recomputeComplement(Value b) {
    if (resolve(b) instanceof Temp t
        && inline.containsKey(t.id())
        && deferred.get(t.id()) instanceof Op.Unary u
        && u.op() == Op.UnOp.NOT) {
      inline.remove(t.id());
      if (resolve(u.a()) instanceof Temp x) {
        inline.remove(x.id());
        materialize(x);
      }
      recomputed.add(t.id());
    }
  }

  /** A base condition on the flags of {@code a - x}: a single compare of a with x. */
  private Check afterSubtract(Cond base, Value a, Value x) {
    int bits = a.type().bits();
    return switch (base) {
      case EQ -> ordered(a, x, bits, false, Opcode.IFEQ);
      case CS -> ordered(a, x, bits, false, Opcode.IFGE);
      case MI ->
          new Test(
              () -> {
                pushLo(a);
                pushLo(x);
                cob.lsub();
                signum(bits);
              },
              Opcode.IFLT);
      case VS ->
          bits == 32
              ? outsideInt(
                  () -> {
                    pushSignExtended(a, 32);
                    pushSignExtended(x, 32);
                    cob.lsub();
                  })
              : subOverflow(a, x);
      case HI -> ordered(a, x, bits, false, Opcode.IFGT);
      case GE -> ordered(a, x, bits, true, Opcode.IFGE);
      case GT -> ordered(a, x, bits, true, Opcode.IFGT);
      default -> throw notBase(base);
    };
  }

  /** V of a 64-bit {@code a - x}: the operands' signs differ and the result's differs from a's. */
  private Check subOverflow(Value a, Value x) {
    return new Test(
        () -> {
          pushLo(a);
          pushLo(x);
          cob.lxor();
          pushLo(a);
          pushLo(a);
          pushLo(x);
          cob.lsub().lxor().land();
          signum(64);
        },
        Opcode.IFLT);
  }

  /**
   * A base condition after a 32-bit AddWithCarry, from the sum in a long: of the zero-extended
   * operands (the carry out is bit 32) or of the sign-extended ones (the exact signed sum, which
   * overflows when it is no int, and is not negative exactly when N == V).
   */
  private Check afterAdd32(Cond base, Op.AddFlags f) {
    Runnable unsigned = () -> pushExactSum(f, false);
    Runnable signed = () -> pushExactSum(f, true);
    return switch (base) {
      case EQ -> new Test(then(unsigned, cob::l2i), Opcode.IFEQ);
      case CS -> new Test(then(unsigned, () -> cob.loadConstant(32).lushr().l2i()), Opcode.IFNE);
      case MI -> new Test(then(unsigned, cob::l2i), Opcode.IFLT);
      case VS -> outsideInt(signed);
      // C and not Z: at least 2^32 with low bits that are not all zero.
      case HI -> new Test(then(unsigned, () -> cob.loadConstant(1L << 32).lcmp()), Opcode.IFGT);
      case GE -> new Test(then(signed, () -> signum(64)), Opcode.IFGE);
      case GT -> new Test(then(signed, () -> signum(64)), Opcode.IFGT);
      default -> throw notBase(base);
    };
  }

  /** A base condition after a 64-bit AddWithCarry, from the wrapped sum r. */
  private Check afterAdd64(Cond base, Op.AddFlags f) {
    Runnable sum = () -> pushSum64(f);
    return switch (base) {
      case EQ -> new Test(then(sum, () -> signum(64)), Opcode.IFEQ);
      case CS -> carryOut64(f);
      case MI -> new Test(then(sum, () -> signum(64)), Opcode.IFLT);
      case VS -> new Test(then(() -> pushOverflowBits(f), () -> signum(64)), Opcode.IFLT);
      case HI -> new Both(carryOut64(f), afterAdd64(Cond.EQ, f).negated());
      // N == V: the sign of r XOR the overflow bit.
      case GE ->
          new Test(
              () -> {
                sum.run();
                pushOverflowBits(f);
                cob.lxor();
                signum(64);
              },
              Opcode.IFGE);
      case GT -> new Both(afterAdd64(Cond.EQ, f).negated(), afterAdd64(Cond.GE, f));
      default -> throw notBase(base);
    };
  }

  /**
   * C of a 64-bit AddWithCarry: the wrapped sum is below {@code a}, or equal to it when a carry
   * came in (then {@code b} is all ones): {@code compareUnsigned(r, a) < carry}.
   */
  private Check carryOut64(Op.AddFlags f) {
    Value carry = resolve(f.carryIn());
    Runnable compare =
        () -> {
          pushSum64(f);
          pushLo(f.a());
          cob.invokestatic(Descriptors.LONG, "compareUnsigned", Descriptors.JJ_I);
        };
    return switch (carry) {
      case Const c -> new Test(compare, c.lo() == 0 ? Opcode.IFLT : Opcode.IFLE);
      case Temp _ -> new Test(then(compare, () -> pushInt(carry)), Opcode.IF_ICMPLT);
    };
  }

  /** Pushes {@code (a ^ r) & (b ^ r)} of a 64-bit add: its sign bit is V. */
  private void pushOverflowBits(Op.AddFlags f) {
    pushLo(f.a());
    pushSum64(f);
    cob.lxor();
    pushLo(f.b());
    pushSum64(f);
    cob.lxor().land();
  }

  private void pushSum64(Op.AddFlags f) {
    pushLo(f.a());
    pushLo(f.b());
    cob.ladd();
    addCarry(f.carryIn());
  }

  /**
   * Pushes the exact sum of a 32-bit AddWithCarry as a long, its operands zero- or sign-extended.
   */
  private void pushExactSum(Op.AddFlags f, boolean signed) {
    if (signed) {
      pushSignExtended(f.a(), 32);
      pushSignExtended(f.b(), 32);
    } else {
      pushLo(f.a());
      pushLo(f.b());
    }
    cob.ladd();
    addCarry(f.carryIn());
  }

  private void addCarry(Value carry) {
    switch (resolve(carry)) {
      case Const c when c.lo() == 0 -> {}
      case Const _ -> cob.lconst_1().ladd();
      case Temp _ -> {
        pushLo(carry);
        cob.ladd();
      }
    }
  }

  /** Overflow of a 32-bit operation whose exact result {@code exact} pushes as a long. */
  private Check outsideInt(Runnable exact) {
    return new Test(then(exact, () -> cob.dup2().l2i().i2l().lcmp()), Opcode.IFNE);
  }

  /** A base condition on the flags of a logical result: N and Z from it, C and V clear. */
  private Check afterLogic(Cond base, Value result) {
    int bits = result.type().bits();
    Runnable sign =
        () -> {
          pushLo(result);
          signum(bits);
        };
    return switch (base) {
      case EQ -> new Test(sign, Opcode.IFEQ);
      case CS, VS, HI -> constant(false);
      case MI -> new Test(sign, Opcode.IFLT);
      case GE -> new Test(sign, Opcode.IFGE);
      case GT -> new Test(sign, Opcode.IFGT);
      default -> throw notBase(base);
    };
  }

  /**
   * A base condition on packed NZCV (bits 31-28), as an int: a flag is tested by shifting it to the
   * sign bit; N == V is the sign of {@code f ^ (f << 3)}.
   */
  private Check packed(Cond base, Value nzcv) {
    Runnable flags = () -> pushInt(nzcv);
    return switch (base) {
      case EQ -> new Test(then(flags, () -> cob.iconst_1().ishl()), Opcode.IFLT);
      case CS -> new Test(then(flags, () -> cob.iconst_2().ishl()), Opcode.IFLT);
      case MI -> new Test(flags, Opcode.IFLT);
      case VS -> new Test(then(flags, () -> cob.iconst_3().ishl()), Opcode.IFLT);
      case HI ->
          new Test(
              then(
                  flags,
                  () ->
                      cob.loadConstant((int) (CpuState.C | CpuState.Z))
                          .iand()
                          .loadConstant((int) CpuState.C)),
              Opcode.IF_ICMPEQ);
      case GE -> new Test(then(flags, () -> cob.dup().iconst_3().ishl().ixor()), Opcode.IFGE);
      // Z or N != V in the sign bit: (f ^ (f << 3)) | (f << 1).
      case GT ->
          new Test(
              then(
                  flags,
                  () -> cob.dup().dup().iconst_3().ishl().ixor().swap().iconst_1().ishl().ior()),
              Opcode.IFGE);
      default -> throw notBase(base);
    };
  }

  private static Runnable then(Runnable first, Runnable second) {
    return () -> {
      first.run();
      second.run();
    };
  }

  /**
   * Turns the long on the stack into an int with the sign and zero-ness of its low {@code bits} (32
   * or 64) bits.
   */
  private void signum(int bits) {
    if (bits == 32) {
      cob.l2i();
    } else {
      cob.lconst_0().lcmp();
    }
  }

  private void select(Op.Select s) {
    Label no = cob.newLabel();
    Label done = cob.newLabel();
    jumpIf(check(s.cond()).negated(), no);
    pushLo(s.ifTrue());
    storeLo(s.dst());
    if (s.dst().type() == Type.I128) {
      pushHi(s.ifTrue());
      storeHi(s.dst());
    }
    cob.goto_(done);
    cob.labelBinding(no);
    pushLo(s.ifFalse());
    storeLo(s.dst());
    if (s.dst().type() == Type.I128) {
      pushHi(s.ifFalse());
      storeHi(s.dst());
    }
    cob.labelBinding(done);
  }

  /**
   * How many of the ops after {@code load}, at {@code at}, only move its value into a general
   * register: 1 for the register write, 2 for a zero extension (what the load returns anyway) and
   * the write; 0 when the value goes anywhere else. The load can then store into the register's
   * local itself (see {@link #loadInto}).
   */
  private static int movesIntoRegister(
      Op.Load load, List<Op> ops, int at, Map<Integer, Integer> uses) {
    Temp value = load.dst();
    if (value.type() == Type.I128 || uses.getOrDefault(value.id(), 0) != 1) {
      return 0;
    }
    int next = at + 1;
    if (next < ops.size()
        && ops.get(next) instanceof Op.Convert c
        && c.op() == Op.ConvOp.ZEXT
        && c.a() instanceof Temp a
        && a.id() == value.id()
        && uses.getOrDefault(c.dst().id(), 0) == 1) {
      value = c.dst();
      next++;
    }
    if (next < ops.size()
        && ops.get(next) instanceof Op.Set s
        && s.value() instanceof Temp t
        && t.id() == value.id()
        && value.type() == Type.I64
        && (s.reg().file() == GuestReg.File.X || s.reg().file() == GuestReg.File.SP)) {
      return next - at;
    }
    return 0;
  }

  /**
   * A load and the register write of its value, with no copy in between. Nothing between them can
   * fault, so a fault of the load still sees the register's old value.
   */
  private void loadInto(Op.Load l, GuestReg reg) {
    pushLoad(l);
    beforeWriting(reg);
    cob.lstore(regSlots.get(reg));
    forwarded.remove(reg);
  }

  private void load(Op.Load l) {
    int bits = l.dst().type().bits();
    if (bits == 128) {
      // Checked once, then both halves read from the host address.
      if (!pushHostOfOneInstruction(l)) {
        cob.aload(memSlot);
        if (pushGroupedAddress(l, l.addr())) {
          cob.invokevirtual(MEMORY, "readable128", Descriptors.JJJ_J);
        } else {
          pushAddress(l.addr(), l.order(), bits, AccessKind.READ);
          cob.invokevirtual(MEMORY, "readable128", Descriptors.J_J);
        }
      }
      cob.dup2().invokestatic(MEMORY, "hostLoad64", Descriptors.J_J);
      storeLo(l.dst());
      cob.loadConstant(8L).ladd().invokestatic(MEMORY, "hostLoad64", Descriptors.J_J);
      storeHi(l.dst());
      return;
    }
    pushLoad(l);
    storeLo(l.dst());
  }

  /** Pushes the value of a load of 64 bits or fewer. */
  private void pushLoad(Op.Load l) {
    int bits = l.dst().type().bits();
    if (pushHostOfOneInstruction(l)) {
      cob.invokestatic(MEMORY, "hostLoad64", Descriptors.J_J);
      return;
    }
    cob.aload(memSlot);
    if (pushGroupedAddress(l, l.addr())) {
      cob.invokevirtual(MEMORY, "load" + bits, Descriptors.JJJ_J);
    } else {
      pushAddress(l.addr(), l.order(), bits, AccessKind.READ);
      cob.invokevirtual(MEMORY, "load" + bits, Descriptors.J_J);
    }
  }

  /**
   * For an access of a group (see {@link AccessGroups}): checks the group's range if this is its
   * first access, then pushes the range, its start and the access's offset into it, and returns
   * true. Returns false for any other access. The access's own address is not computed: the
   * accessor's checked path, for a range that failed, takes the start plus the offset.
   */
  private boolean pushGroupedAddress(Op access, Value address) {
    AccessGroups.Member member = groupedAccesses.get(access);
    if (member == null || member.group().loadsOfOneInstruction()) {
      return false;
    }
    int range = groupSlot(member);
    int start = range + 2;
    if (member.first()) {
      cob.aload(memSlot);
      pushLo(address);
      cob.loadConstant(member.offset()).lsub().dup2().lstore(start);
      cob.loadConstant(member.group().length()).loadConstant(member.group().rights());
      cob.invokevirtual(MEMORY, "range", Descriptors.JII_J).lstore(range);
    } else if (resolve(address) instanceof Temp t) {
      inline.remove(t.id());
    }
    cob.lload(range).lload(start).loadConstant(member.offset());
    return true;
  }

  /** The first of the two long locals of {@code member}'s group (see {@link #rangeSlots}). */
  private int groupSlot(AccessGroups.Member member) {
    return rangeSlots + 4 * member.group().index();
  }

  /**
   * For a load of a group of one instruction's loads (see {@link AccessGroups}): checks the whole
   * range readable, throwing as the first faulting load would, if this is the first load, then
   * pushes the load's host address and returns true. Returns false for any other access.
   */
  private boolean pushHostOfOneInstruction(Op.Load load) {
    AccessGroups.Member member = groupedAccesses.get(load);
    if (member == null || !member.group().loadsOfOneInstruction()) {
      return false;
    }
    int host = groupSlot(member);
    if (member.first()) {
      cob.aload(memSlot);
      pushLo(load.addr());
      cob.loadConstant(member.group().length()).loadConstant(load.dst().type().bits() / 8);
      cob.invokevirtual(MEMORY, "readable", Descriptors.JII_J).lstore(host);
    } else if (resolve(load.addr()) instanceof Temp t) {
      inline.remove(t.id());
    }
    cob.lload(host).loadConstant(member.offset()).ladd();
    return true;
  }

  /**
   * Pushes the address of a load or store. An acquire or release access must be aligned: its
   * address is untagged and checked here (a plain access's tag is dropped by GuestMemory's slow
   * path).
   */
  private void pushAddress(Value address, Op.MemOrder order, int bits, AccessKind kind) {
    pushLo(address);
    if (order != Op.MemOrder.PLAIN) {
      cob.invokestatic(MEMORY, "untag", Descriptors.J_J);
      cob.loadConstant(bits / 8)
          .getstatic(Descriptors.ACCESS_KIND, kind.name(), Descriptors.ACCESS_KIND);
      cob.invokestatic(MEMORY, "aligned", Descriptors.ALIGNED);
    }
  }

  private void store(Op.Store s) {
    int bits = s.value().type().bits();
    cob.aload(memSlot);
    boolean grouped = pushGroupedAddress(s, s.addr());
    if (!grouped) {
      pushAddress(s.addr(), s.order(), bits, AccessKind.WRITE);
    }
    pushLo(s.value());
    if (bits == 128) {
      pushHi(s.value());
      cob.invokevirtual(MEMORY, "store128", grouped ? Descriptors.JJJJJ_V : Descriptors.JJJ_V);
    } else {
      cob.invokevirtual(MEMORY, "store" + bits, grouped ? Descriptors.JJJJ_V : Descriptors.JJ_V);
    }
  }

  private void loadExclusive(Op.LoadExclusive l) {
    int bits = l.dst().type().bits();
    cob.aload(cpuSlot).aload(memSlot);
    pushLo(l.addr());
    cob.loadConstant(bits / 8);
    cob.aload(CTX).getfield(CONTEXT, "scratch", LONG_ARRAY);
    cob.invokestatic(OPS, "loadExclusive", Descriptors.LOAD_EXCLUSIVE);
    storeLo(l.dst());
    if (bits == 128) {
      cob.aload(CTX).getfield(CONTEXT, "scratch", LONG_ARRAY).iconst_0().laload();
      storeHi(l.dst());
    }
  }

  private void storeExclusive(Op.StoreExclusive s) {
    int bits = s.value().type().bits();
    cob.aload(cpuSlot).aload(memSlot);
    pushLo(s.addr());
    cob.loadConstant(bits / 8);
    pushLo(s.value());
    if (bits == 128) {
      pushHi(s.value());
    } else {
      cob.lconst_0();
    }
    cob.invokestatic(OPS, "storeExclusive", Descriptors.STORE_EXCLUSIVE);
    storeLo(s.dst());
  }

  // ---- terminators ------------------------------------------------------------------------

  private void terminator(Terminator t, long pc, Block next) {
    switch (t) {
      case Terminator.Jump j -> transfer(j.target(), next);
      case Terminator.Branch b -> {
        Label taken = labels.get(b.taken());
        Label notTaken = labels.get(b.notTaken());
        Check check = check(b.cond());
        if (taken != null) {
          branch(check, b.taken() <= pc, taken);
          transfer(b.notTaken(), next);
        } else if (notTaken != null) {
          branch(check.negated(), b.notTaken() <= pc, notTaken);
          transfer(b.taken(), next);
        } else {
          Label away = cob.newLabel();
          jumpIf(check, away);
          transfer(b.notTaken(), null);
          cob.labelBinding(away);
          transfer(b.taken(), next);
        }
      }
      case Terminator.IndirectJump j -> {
        pushLo(j.target());
        cob.lstore(resultSlot);
        if (j.kind() == Terminator.IndirectKind.RETURN) {
          spill();
          leave(resultSlot);
        } else if (!plan.function.jumpTargets().isEmpty()) {
          indirectJump();
        } else {
          // A BR with no recovered table is a tail jump: the target returns to our caller.
          spill();
          callIndirect();
          cob.lstore(resultSlot);
          leave(resultSlot);
        }
      }
      case Terminator.Call c -> {
        spill();
        Optional<ClassDesc> callee = linkage.apply(c.target());
        if (callee.isPresent()) {
          cob.aload(CTX).invokestatic(callee.get(), "run", Descriptors.RUN);
        } else {
          cob.aload(CTX).loadConstant(c.target()).invokevirtual(CONTEXT, "call", Descriptors.J_J);
        }
        afterCall(c.returnTo());
      }
      case Terminator.CallIndirect c -> {
        pushLo(c.target());
        cob.lstore(resultSlot);
        spill();
        callIndirect();
        afterCall(c.returnTo());
      }
      case Terminator.Syscall s -> {
        spill();
        cob.aload(cpuSlot).loadConstant(s.next() - 4).putfield(CPU, "pc", CD_long);
        cob.aload(CTX).getfield(CONTEXT, "process", Descriptors.PROCESS);
        cob.aload(cpuSlot).loadConstant(s.imm());
        cob.invokeinterface(Descriptors.PROCESS, "supervisorCall", Descriptors.SUPERVISOR_CALL);
        reloadFor(s.next());
        transfer(s.next(), next);
      }
      case Terminator.Trap trap -> {
        spill();
        cob.aload(CTX)
            .loadConstant(trap.kind().ordinal())
            .loadConstant(trap.pc())
            .loadConstant(trap.word())
            .loadConstant(trap.imm());
        cob.invokevirtual(CONTEXT, "trap", Descriptors.TRAP).athrow();
      }
    }
  }

  /** BR through a recovered jump table: a switch over the table's targets, else dispatch. */
  private void indirectJump() {
    Label elsewhere = cob.newLabel();
    Set<Long> local = new TreeSet<>(Long::compareUnsigned);
    for (long t : plan.function.jumpTargets()) {
      if (labels.containsKey(t)) {
        local.add(t);
      }
    }
    switchOn(resultSlot, local, elsewhere);
    cob.labelBinding(elsewhere);
    spill();
    if (plan.split()) {
      // A table target in another region: the trampoline continues there.
      Label outside = cob.newLabel();
      Label trampoline = cob.newLabel();
      Map<Long, Label> otherRegions = new TreeMap<>(Long::compareUnsigned);
      for (long t : plan.function.jumpTargets()) {
        if (plan.contains(t) && !labels.containsKey(t)) {
          otherRegions.put(t, trampoline);
        }
      }
      switchOn(resultSlot, otherRegions, outside);
      cob.labelBinding(trampoline);
      cob.lload(resultSlot).lreturn();
      cob.labelBinding(outside);
    }
    callIndirect();
    cob.lstore(resultSlot);
    leave(resultSlot);
  }

  /** Calls or jumps to the guest address in {@code resultSlot} through the site's inline cache. */
  private void callIndirect() {
    cob.aload(CTX).lload(resultSlot).invokedynamic(Descriptors.INDIRECT_CALL);
  }

  /** The call returned the address on the stack: continue there if it is the expected one. */
  private void afterCall(long returnTo) {
    cob.lstore(resultSlot);
    reloadFor(returnTo);
    Label unexpected = cob.newLabel();
    cob.lload(resultSlot).loadConstant(returnTo).lcmp().ifne(unexpected);
    transfer(returnTo, null);
    cob.labelBinding(unexpected);
    // The CPU state is current: the callee spilled what it changed.
    if (plan.split()) {
      cob.lload(resultSlot).lreturn();
    } else {
      if (unexpectedReturn == null) {
        unexpectedReturn = cob.newLabel();
      }
      cob.goto_(unexpectedReturn);
    }
  }

  /**
   * A call returned elsewhere than after itself (a longjmp, an exception unwinding): reloads every
   * register and continues at that return site of the function, or returns to the caller with it.
   */
  private void emitUnexpectedReturn() {
    if (unexpectedReturn == null) {
      return;
    }
    cob.labelBinding(unexpectedReturn);
    reload(regSlots.keySet());
    Label propagate = cob.newLabel();
    switchOn(resultSlot, plan.returnSites, propagate);
    cob.labelBinding(propagate);
    cob.lload(resultSlot).lreturn();
  }

  /** Returns from the function with the guest address in {@code slot}; registers are spilled. */
  private void leave(int slot) {
    if (plan.split()) {
      cob.aload(CTX).iconst_1().putfield(CONTEXT, "leaving", CD_boolean);
    }
    cob.lload(slot).lreturn();
  }

  /** Continues at {@code target}: a JVM branch inside the region, else out through a return. */
  private void transfer(long target, Block next) {
    Label l = labels.get(target);
    if (l != null) {
      if (next == null || next.pc() != target) {
        cob.goto_(l);
      }
      return;
    }
    spill();
    if (plan.contains(target)) {
      // Another region of this function: the trampoline continues there.
      cob.loadConstant(target).lreturn();
      return;
    }
    // A tail jump out of the function: the callee returns to our caller.
    Optional<ClassDesc> callee = linkage.apply(target);
    if (callee.isPresent()) {
      cob.aload(CTX).invokestatic(callee.get(), "run", Descriptors.RUN);
    } else {
      cob.aload(CTX).loadConstant(target).invokevirtual(CONTEXT, "call", Descriptors.J_J);
    }
    cob.lstore(resultSlot);
    leave(resultSlot);
  }

  static MethodTypeDesc descriptor(boolean split) {
    return split ? Descriptors.REGION : Descriptors.RUN;
  }
}
