package dev.recomp.lift;

import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Exclusives;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * Executes IR blocks on a {@link CpuState} and {@link GuestMemory}: the reference semantics every
 * backend must agree with, and the fallback for code that was not compiled ahead of time.
 *
 * <p>Values live in two arrays indexed by temporary number, zero-extended to 64 bits (the high half
 * is used by {@code i128} only). A {@link GuestFault} leaves the state as it was before the
 * faulting instruction's register writes (the lifter orders memory accesses before them) and is
 * rethrown with the instruction's PC, which is also stored in {@link CpuState#pc}.
 */
public final class IrInterpreter {
  private final CpuState cpu;
  private final GuestMemory memory;
  private long[] lo = new long[64];
  private long[] hi = new long[64];

  /** Receives the high half of an {@code i128} helper result. */
  private final long[] helperOut = new long[1];

  public IrInterpreter(CpuState cpu, GuestMemory memory) {
    this.cpu = cpu;
    this.memory = memory;
  }

  /** Runs {@code block} once; the CPU state's PC is left at the next instruction to execute. */
  public Exit execute(Block block) {
    long insnPc = block.pc();
    try {
      for (Op op : block.ops()) {
        if (op instanceof Op.InsnStart start) {
          insnPc = start.pc();
        } else {
          step(op);
        }
      }
    } catch (GuestFault fault) {
      cpu.pc = insnPc;
      throw fault.at(insnPc);
    }
    return finish(block.terminator());
  }

  private Exit finish(Terminator terminator) {
    return switch (terminator) {
      case Terminator.Jump j -> resume(j.target());
      case Terminator.Branch b -> resume(lo(b.cond()) != 0 ? b.taken() : b.notTaken());
      case Terminator.IndirectJump j -> resume(lo(j.target()));
      case Terminator.Call c -> resume(c.target());
      case Terminator.CallIndirect c -> resume(lo(c.target()));
      case Terminator.Syscall s -> {
        cpu.pc = s.next();
        yield new Exit.SupervisorCall(s.imm(), s.next());
      }
      case Terminator.Trap t -> {
        cpu.pc = t.pc();
        yield new Exit.Trapped(t);
      }
    };
  }

  private Exit resume(long pc) {
    cpu.pc = pc;
    return new Exit.Continue(pc);
  }

  private void step(Op op) {
    switch (op) {
      case Op.Get g -> get(g.dst(), g.reg());
      case Op.Set s -> set(s.reg(), s.value());
      case Op.Binary b -> binary(b);
      case Op.Unary u -> unary(u);
      case Op.Convert c -> convert(c);
      case Op.Compare c -> def(c.dst(), compare(c) ? 1 : 0, 0);
      case Op.Select s -> {
        boolean pick = lo(s.cond()) != 0;
        Value v = pick ? s.ifTrue() : s.ifFalse();
        def(s.dst(), lo(v), hi(v));
      }
      case Op.AddFlags f -> def(f.dst(), addFlags(f), 0);
      case Op.NzFlags f -> def(f.dst(), nzFlags(lo(f.result()), f.result().type()), 0);
      case Op.CondHolds c -> def(c.dst(), c.cond().holds((int) lo(c.nzcv())) ? 1 : 0, 0);
      case Op.Load l -> {
        long addr = GuestMemory.untag(lo(l.addr()));
        if (l.order() != Op.MemOrder.PLAIN) {
          GuestMemory.aligned(addr, l.dst().type().bits() / 8, AccessKind.READ);
        }
        load(l.dst(), addr);
      }
      case Op.Store s -> {
        long addr = GuestMemory.untag(lo(s.addr()));
        if (s.order() != Op.MemOrder.PLAIN) {
          GuestMemory.aligned(addr, s.value().type().bits() / 8, AccessKind.WRITE);
        }
        store(addr, s.value());
      }
      case Op.LoadExclusive l -> loadExclusive(l);
      case Op.StoreExclusive s -> storeExclusive(s);
      case Op.ClearExclusive _ -> cpu.clearExclusive();
      case Op.Barrier _ -> VarHandle.fullFence();
      case Op.CallHelper c -> {
        long low = helper(c.helper(), c.args());
        def(c.dst(), low, helperOut[0]);
      }
      case Op.InsnStart _ -> {}
    }
  }

  private void get(Temp dst, GuestReg reg) {
    switch (reg.file()) {
      case X -> def(dst, cpu.x[reg.index()], 0);
      case SP -> def(dst, cpu.sp, 0);
      case V -> def(dst, cpu.v[2 * reg.index()], cpu.v[2 * reg.index() + 1]);
      case NZCV -> def(dst, cpu.nzcv & 0xf000_0000L, 0);
      case FPCR -> def(dst, cpu.fpcr & 0xffff_ffffL, 0);
      case FPSR -> def(dst, cpu.fpsr & 0xffff_ffffL, 0);
      case TPIDR_EL0 -> def(dst, cpu.tpidrEl0, 0);
      case TPIDRRO_EL0 -> def(dst, cpu.tpidrroEl0, 0);
    }
  }

  private void set(GuestReg reg, Value value) {
    long v = lo(value);
    switch (reg.file()) {
      case X -> cpu.x[reg.index()] = v;
      case SP -> cpu.sp = v;
      case V -> {
        cpu.v[2 * reg.index()] = v;
        cpu.v[2 * reg.index() + 1] = hi(value);
      }
      case NZCV -> cpu.nzcv = v & 0xf000_0000L;
      case FPCR -> cpu.fpcr = v;
      case FPSR -> cpu.fpsr = v;
      case TPIDR_EL0 -> cpu.tpidrEl0 = v;
      case TPIDRRO_EL0 -> cpu.tpidrroEl0 = v;
    }
  }

  private void binary(Op.Binary b) {
    Type type = b.a().type();
    if (type == Type.I128) {
      binary128(b);
    } else {
      def(b.dst(), IntOps.binary(b.op(), lo(b.a()), lo(b.b()), type.bits()), 0);
    }
  }

  private void binary128(Op.Binary b) {
    long al = lo(b.a());
    long ah = hi(b.a());
    long bl = lo(b.b());
    long bh = hi(b.b());
    int n = (int) (bl & 127);
    switch (b.op()) {
      case AND -> def(b.dst(), al & bl, ah & bh);
      case OR -> def(b.dst(), al | bl, ah | bh);
      case XOR -> def(b.dst(), al ^ bl, ah ^ bh);
      case SHL ->
          def(
              b.dst(),
              n >= 64 ? 0 : al << n,
              n == 0 ? ah : n < 64 ? (ah << n) | (al >>> (64 - n)) : al << (n - 64));
      case LSHR ->
          def(
              b.dst(),
              n == 0 ? al : n < 64 ? (al >>> n) | (ah << (64 - n)) : ah >>> (n - 64),
              n >= 64 ? 0 : ah >>> n);
      default -> throw new IllegalStateException(b.op() + " on i128 is rejected by the verifier");
    }
  }

  private void unary(Op.Unary u) {
    Type type = u.a().type();
    if (type == Type.I128) {
      def(u.dst(), ~lo(u.a()), ~hi(u.a()));
    } else {
      def(u.dst(), IntOps.unary(u.op(), lo(u.a()), type.bits()), 0);
    }
  }

  private void convert(Op.Convert c) {
    Type from = c.a().type();
    Type to = c.dst().type();
    long a = lo(c.a());
    switch (c.op()) {
      case ZEXT -> def(c.dst(), a, 0);
      case SEXT -> {
        long s = IntOps.signExtend(a, from.bits());
        def(c.dst(), to == Type.I128 ? s : IntOps.mask(s, to.bits()), s >> 63);
      }
      case TRUNC -> def(c.dst(), IntOps.mask(a, to.bits()), 0);
      case BITCAST -> def(c.dst(), a, 0);
    }
  }

  private boolean compare(Op.Compare c) {
    int bits = c.a().type().bits();
    long a = lo(c.a());
    long b = lo(c.b());
    long sa = IntOps.signExtend(a, bits);
    long sb = IntOps.signExtend(b, bits);
    return switch (c.op()) {
      case EQ -> a == b;
      case NE -> a != b;
      case ULT -> Long.compareUnsigned(a, b) < 0;
      case ULE -> Long.compareUnsigned(a, b) <= 0;
      case UGT -> Long.compareUnsigned(a, b) > 0;
      case UGE -> Long.compareUnsigned(a, b) >= 0;
      case SLT -> sa < sb;
      case SLE -> sa <= sb;
      case SGT -> sa > sb;
      case SGE -> sa >= sb;
    };
  }

  private long addFlags(Op.AddFlags f) {
    return IntOps.addWithCarryFlags(
        lo(f.a()), lo(f.b()), lo(f.carryIn()) != 0, f.a().type().bits());
  }

  private static long nzFlags(long result, Type type) {
    long n = (result >>> (type.bits() - 1)) & 1;
    return (n << 31) | (result == 0 ? CpuState.Z : 0);
  }

  private void load(Temp dst, long addr) {
    switch (dst.type().bits()) {
      case 8 -> def(dst, memory.load8(addr), 0);
      case 16 -> def(dst, memory.load16(addr), 0);
      case 32 -> def(dst, memory.load32(addr), 0);
      case 64 -> def(dst, memory.load64(addr), 0);
      default -> {
        long[] pair = new long[2];
        memory.load128(addr, pair, 0);
        def(dst, pair[0], pair[1]);
      }
    }
  }

  private void store(long addr, Value value) {
    long v = lo(value);
    switch (value.type().bits()) {
      case 8 -> memory.store8(addr, v);
      case 16 -> memory.store16(addr, v);
      case 32 -> memory.store32(addr, v);
      case 64 -> memory.store64(addr, v);
      default -> memory.store128(addr, v, hi(value));
    }
  }

  private void loadExclusive(Op.LoadExclusive l) {
    long[] high = new long[1];
    long lo =
        Exclusives.load(
            memory, cpu, GuestMemory.untag(lo(l.addr())), l.dst().type().bits() / 8, high);
    def(l.dst(), lo, high[0]);
  }

  private void storeExclusive(Op.StoreExclusive s) {
    int size = s.value().type().bits() / 8;
    long status =
        Exclusives.store(
            memory, cpu, GuestMemory.untag(lo(s.addr())), size, lo(s.value()), hi(s.value()));
    def(s.dst(), status, 0);
  }

  private long helper(Helper helper, List<Value> args) {
    long[] flat = new long[2 * args.size()];
    int i = 0;
    for (Value a : args) {
      flat[i++] = lo(a);
      if (a.type() == Type.I128) {
        flat[i++] = hi(a);
      }
    }
    return helper.invoke(java.util.Arrays.copyOf(flat, i), helperOut);
  }

  private void def(Temp dst, long low, long high) {
    int id = dst.id();
    if (id >= lo.length) {
      int n = Math.max(id + 1, lo.length * 2);
      lo = java.util.Arrays.copyOf(lo, n);
      hi = java.util.Arrays.copyOf(hi, n);
    }
    lo[id] = low;
    hi[id] = dst.type() == Type.I128 ? high : 0;
  }

  private long lo(Value v) {
    return switch (v) {
      case Temp t -> lo[t.id()];
      case Const c -> c.lo();
    };
  }

  private long hi(Value v) {
    return switch (v) {
      case Temp t -> hi[t.id()];
      case Const c -> c.hi();
    };
  }
}
