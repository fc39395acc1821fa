package dev.recomp.lift.jvm;

import dev.recomp.lift.Terminator;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.Termination;

/**
 * What generated code runs against: one guest thread's registers, the address space, the OS
 * personality, the dispatch table and the fallback. Every generated function method takes it as its
 * only argument and copies the fields it uses into JVM locals on entry.
 */
public final class GuestContext {
  /** The thread's registers; generated code spills to and reloads from it. */
  public final CpuState cpu;

  /** The address space. */
  public final GuestMemory memory;

  /** The OS personality (syscalls, budget). */
  public final GuestProcess process;

  /** Scratch for 128-bit loads, whose high half cannot travel on the JVM operand stack. */
  public final long[] scratch = new long[2];

  /**
   * Set by a region method of a split function when the function itself returns (as opposed to
   * passing control to another region of the same function); the trampoline clears it.
   */
  public boolean leaving;

  private final DispatchTable table;
  private final Fallback fallback;

  public GuestContext(
      CpuState cpu,
      GuestMemory memory,
      GuestProcess process,
      DispatchTable table,
      Fallback fallback) {
    this.cpu = cpu;
    this.memory = memory;
    this.process = process;
    this.table = table;
    this.fallback = fallback;
  }

  /**
   * Calls the guest code at {@code target} (BLR, a tail jump out of a function, or an unexpected
   * return) and returns the address it returned to.
   */
  public long call(long target) {
    return table.call(this, target);
  }

  /** Whether {@code target} has a compiled entry. */
  public boolean compiled(long target) {
    return table.has(target);
  }

  /**
   * The dispatch table had no entry for {@code target}: recorded in the trace as a dispatch miss,
   * then run by the fallback.
   */
  public long miss(long target) {
    process.trace().dispatchMiss(target);
    return fallback.run(this, target);
  }

  /**
   * The instruction budget ran out at the block at {@code pc}: lets the process check its limits
   * and returns the refilled budget. The registers cached in JVM locals are not spilled: the call
   * either returns or ends the run.
   */
  public long budgetExpired(long pc, long budget) {
    cpu.pc = pc;
    cpu.budget = budget;
    process.budgetExpired(cpu);
    return cpu.budget;
  }

  /**
   * Runs the guest from {@code pc} for good: whenever code returns to an address no frame expects,
   * execution continues there. Ends only by throwing ({@link GuestExit} or a fault).
   */
  public void runFrom(long pc) {
    long next = pc;
    while (true) {
      next = call(next);
    }
  }

  /**
   * The exception a trap terminator throws, the registers already spilled and PC at the trap: BRK
   * is SIGTRAP, everything else an illegal instruction.
   */
  public RuntimeException trap(int kind, long pc, int word, int imm) {
    Terminator.TrapKind trapKind = Terminator.TrapKind.values()[kind];
    cpu.pc = pc;
    if (trapKind == Terminator.TrapKind.BREAKPOINT) {
      return new GuestExit(Termination.signaled(Signals.SIGTRAP, cpu));
    }
    return new GuestExit(
        Termination.of(
            Termination.Kind.ILLEGAL_INSTRUCTION,
            String.format(
                "%s instruction %08x (#0x%x) at 0x%x",
                trapKind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                word,
                imm,
                pc),
            cpu));
  }
}
