package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.Termination;

/**
 * One guest thread's instruction accounting: generated code counts {@link CpuState#budget} down and
 * calls in when it goes negative; this adds up what ran, checks the instruction and wall-clock
 * limits and grants the next slice.
 */
public final class Budget {
  /** Instructions granted per refill when a limit is set. */
  public static final long SLICE = 1L << 20;

  private final LinuxConfig config;
  private long executed;
  private long granted;
  private long deadline;

  public Budget(LinuxConfig config) {
    this.config = config;
  }

  /** Starts the wall clock and grants the first slice. */
  public void start(CpuState cpu) {
    deadline = System.nanoTime() + config.wallClockLimit().map(d -> d.toNanos()).orElse(0L);
    arm(cpu);
  }

  /** Instructions counted so far, given the thread's current budget. */
  public long executed(CpuState cpu) {
    return executed + (granted - cpu.budget);
  }

  /**
   * Counts the slice that ran out and grants the next one.
   *
   * @throws GuestExit when a limit is reached
   */
  public void expired(CpuState cpu) {
    executed += granted - cpu.budget;
    granted = 0;
    cpu.budget = 0;
    if (config.instructionLimit() > 0 && executed >= config.instructionLimit()) {
      throw new GuestExit(
          Termination.of(
              Termination.Kind.INSTRUCTION_BUDGET,
              "executed " + executed + " instructions, the limit is " + config.instructionLimit(),
              cpu));
    }
    if (config.wallClockLimit().isPresent() && System.nanoTime() - deadline > 0) {
      throw new GuestExit(
          Termination.of(
              Termination.Kind.WALL_CLOCK,
              "ran longer than " + config.wallClockLimit().get(),
              cpu));
    }
    arm(cpu);
  }

  private void arm(CpuState cpu) {
    boolean limited = config.instructionLimit() > 0 || config.wallClockLimit().isPresent();
    long slice = limited ? SLICE : Long.MAX_VALUE;
    if (config.instructionLimit() > 0) {
      slice = Math.min(slice, config.instructionLimit() - executed);
    }
    granted = slice;
    cpu.budget = slice;
  }
}
