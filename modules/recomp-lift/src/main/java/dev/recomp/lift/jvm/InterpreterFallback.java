package dev.recomp.lift.jvm;

import dev.recomp.lift.Block;
import dev.recomp.lift.Exit;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.runtime.CpuState;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The fallback for addresses with no compiled function: lifts blocks at run time and runs them in
 * the {@link IrInterpreter}, recording every block in the trace's fallback counts. Calls go back
 * through dispatch, so compiled callees run compiled; a jump to a compiled function's entry becomes
 * a tail call into it.
 */
public final class InterpreterFallback implements Fallback {
  private final LongFunction<Block> lifter;
  private final Map<Long, Block> cache = new HashMap<>();
  private long blocks;
  private long instructions;

  /**
   * @param lifter lifts the basic block starting at a guest address (reading the guest's memory)
   */
  public InterpreterFallback(LongFunction<Block> lifter) {
    this.lifter = lifter;
  }

  @Override
  public long run(GuestContext ctx, long pc) {
    CpuState cpu = ctx.cpu;
    IrInterpreter interpreter = new IrInterpreter(cpu, ctx.memory);
    long at = pc;
    while (true) {
      Block block = cache.computeIfAbsent(at, lifter::apply);
      ctx.process.trace().fallback(at);
      long insns = block.ops().stream().filter(op -> op instanceof Op.InsnStart).count();
      blocks++;
      instructions += insns;
      cpu.budget -= insns;
      if (cpu.budget < 0) {
        cpu.pc = at;
        ctx.process.budgetExpired(cpu);
      }
      Exit exit = interpreter.execute(block);
      switch (block.terminator()) {
        case Terminator.Call c -> at = ctx.call(c.target());
        case Terminator.CallIndirect _ -> at = ctx.call(cpu.pc);
        case Terminator.IndirectJump j when j.kind() == Terminator.IndirectKind.RETURN -> {
          return cpu.pc;
        }
        case Terminator.Syscall s -> {
          cpu.pc = s.next() - 4;
          ctx.process.supervisorCall(cpu, s.imm());
          at = s.next();
        }
        case Terminator.Trap t -> throw ctx.trap(t.kind().ordinal(), t.pc(), t.word(), t.imm());
        default -> {
          at = ((Exit.Continue) exit).pc();
          if (ctx.compiled(at)) {
            return ctx.call(at);
          }
        }
      }
    }
  }

  /** Blocks run by the interpreter so far. */
  public long blocks() {
    return blocks;
  }

  /** Guest instructions run by the interpreter so far. */
  public long instructions() {
    return instructions;
  }
}
