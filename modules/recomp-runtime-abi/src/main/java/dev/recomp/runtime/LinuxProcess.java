package dev.recomp.runtime;

import dev.recomp.runtime.internal.Kernel;
import java.time.Duration;
import java.util.List;

/**
 * A Linux guest process: address space, main-thread registers, fd table, program break, mmap area,
 * signal dispositions and trace. Made by {@link LinuxLoader#load}; guest code enters the kernel
 * through {@link #supervisorCall}.
 */
public final class LinuxProcess implements GuestProcess {
  /** Instructions granted per {@link CpuState#budget} refill when a limit is set. */
  static final long BUDGET_SLICE = 1L << 20;

  private final LinuxConfig config;
  private final GuestMemory memory;
  private final Kernel kernel;
  private final CpuState main;
  private final MemoryLayout layout;
  private final List<IrelativeSlot> irelative;
  private long executed;
  private long granted;
  private long deadline;

  LinuxProcess(
      LinuxConfig config,
      GuestMemory memory,
      Kernel kernel,
      CpuState main,
      MemoryLayout layout,
      List<IrelativeSlot> irelative) {
    this.config = config;
    this.memory = memory;
    this.kernel = kernel;
    this.main = main;
    this.layout = layout;
    this.irelative = List.copyOf(irelative);
  }

  @Override
  public GuestMemory memory() {
    return memory;
  }

  @Override
  public CpuState mainThread() {
    return main;
  }

  @Override
  public RuntimeTrace trace() {
    return kernel.trace();
  }

  /** Where the loader put the image, heap, mmap area and stack. */
  public MemoryLayout layout() {
    return layout;
  }

  /** The image's IRELATIVE relocations (slot, resolver), bias applied, in table order. */
  public List<IrelativeSlot> irelativeSlots() {
    return irelative;
  }

  /** The configuration the process was started with. */
  public LinuxConfig config() {
    return config;
  }

  /**
   * Takes the lowest-numbered pending, unblocked signal that has a guest handler, or 0. The
   * execution engine delivers it by running the handler from {@link #sigaction}.
   */
  public int takePendingSignal() {
    return kernel.takePendingSignal();
  }

  /** The guest's rt_sigaction for {@code signal}: {handler, flags, restorer, mask}. */
  public long[] sigaction(int signal) {
    return kernel.sigaction(signal);
  }

  /** Instructions counted through {@link #budgetExpired} so far. */
  public long instructionsExecuted() {
    return executed + (granted - main.budget);
  }

  /**
   * The Linux syscall entry: number in X8, arguments in X0-X5, result or -errno to X0. Unknown
   * numbers return -ENOSYS and are traced, or end the guest in strict mode. Bad guest pointers
   * return -EFAULT.
   */
  @Override
  public void supervisorCall(CpuState cpu, int immediate) {
    kernel.syscall(cpu);
  }

  @Override
  public void budgetExpired(CpuState cpu) {
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
    long slice = limited ? BUDGET_SLICE : Long.MAX_VALUE;
    if (config.instructionLimit() > 0) {
      slice = Math.min(slice, config.instructionLimit() - executed);
    }
    granted = slice;
    cpu.budget = slice;
  }

  @Override
  public Termination run(GuestEntry entry) {
    Termination[] result = new Termination[1];
    Thread thread =
        new Thread(null, () -> result[0] = runHere(entry), "guest-main", config.jvmStackSize());
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      return finish(Termination.of(Termination.Kind.INTERNAL_ERROR, "interrupted", main));
    }
    return result[0];
  }

  private Termination runHere(GuestEntry entry) {
    deadline = System.nanoTime() + config.wallClockLimit().orElse(Duration.ZERO).toNanos();
    kernel.startWallClock();
    arm(main);
    Termination end;
    try {
      entry.run(main);
      end =
          Termination.of(
              Termination.Kind.INTERNAL_ERROR, "guest entry returned without calling exit", main);
    } catch (GuestExit e) {
      end = e.termination();
    } catch (GuestFault f) {
      kernel.trace().fault(f);
      end = Termination.fault(f, main);
    } catch (StackOverflowError e) {
      GuestFault f = new GuestFault(AccessKind.WRITE, GuestFault.Cause.UNMAPPED, main.sp, 8);
      kernel.trace().fault(f);
      end = Termination.fault(f, main);
      end =
          new Termination(
              end.kind(), end.exitStatus(), "guest stack overflow: " + end.message(), end.cpu());
    } catch (RuntimeException | Error e) {
      StackTraceElement[] where = e.getStackTrace();
      end =
          Termination.of(
              Termination.Kind.INTERNAL_ERROR,
              e + (where.length > 0 ? " at " + where[0] : ""),
              main);
    }
    return finish(end);
  }

  private Termination finish(Termination end) {
    kernel.trace().terminated(end);
    if (!end.isNormalExit()) {
      end.report().forEach(config.diagnostics()::println);
      config.diagnostics().flush();
    }
    return end;
  }

  @Override
  public void close() {
    kernel.closeFiles();
    memory.close();
  }
}
