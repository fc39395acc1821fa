package dev.recomp.runtime;

import dev.recomp.runtime.internal.Budget;
import dev.recomp.runtime.internal.GuestThread;
import dev.recomp.runtime.internal.Kernel;
import java.util.List;

/**
 * A Linux guest process: address space, main-thread registers, fd table, program break, mmap area,
 * signal dispositions and trace. Made by {@link LinuxLoader#load}; guest code enters the kernel
 * through {@link #supervisorCall}.
 *
 * <p>Run with an {@link GuestEngine} ({@link #run(GuestEngine)}), the process can fork, start
 * threads, execve and run signal handlers: every guest process and thread gets its own Java thread
 * inside this JVM, and {@code run} returns when this first process ends.
 */
public final class LinuxProcess implements GuestProcess {
  /** Instructions granted per {@link CpuState#budget} refill when a limit is set. */
  static final long BUDGET_SLICE = Budget.SLICE;

  private final LinuxConfig config;
  private final GuestMemory memory;
  private final Kernel kernel;
  private final CpuState main;
  private final MemoryLayout layout;
  private final List<IrelativeSlot> irelative;
  private final Budget budget;

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
    this.budget = new Budget(config);
    kernel.bind(
        this,
        LinuxProcess::child,
        (image, next, what) -> LinuxLoader.load(image, next, what).kernel);
  }

  /** The facade of a forked child: it starts from the registers its clone gives it. */
  private static GuestProcess child(Kernel kernel) {
    return new LinuxProcess(
        kernel.config(), kernel.memory(), kernel, new CpuState(), kernel.layout(), List.of());
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
   * Takes the lowest-numbered pending, unblocked signal that has a guest handler, or 0. Runs
   * without an engine leave handled signals queued here; with one, the runtime delivers them.
   */
  public int takePendingSignal() {
    return kernel.takePendingSignal();
  }

  /** The guest's rt_sigaction for {@code signal}: {handler, flags, restorer, mask}. */
  public long[] sigaction(int signal) {
    return kernel.sigaction(signal);
  }

  /** Instructions the main thread counted through {@link #budgetExpired} so far. */
  public long instructionsExecuted() {
    return budget.executed(main);
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
    GuestThread thread = GuestThread.current();
    if (thread != null) {
      thread.budgetExpired(cpu);
    } else {
      budget.expired(cpu);
    }
  }

  /**
   * Runs the guest from its entry state with a single entry function and no engine: fork, clone,
   * execve of an AArch64 image and signal handlers are unavailable (ENOSYS, or left queued).
   */
  @Override
  public Termination run(GuestEntry entry) {
    return start(null, entry);
  }

  /**
   * Runs the guest with {@code engine}, which also runs every process and thread the guest creates;
   * returns how this process ended (the others end with it or keep their own threads, as orphans
   * do). Never throws.
   */
  public Termination run(GuestEngine engine) {
    return start(engine, null);
  }

  private Termination start(GuestEngine engine, GuestEntry entry) {
    kernel.startWallClock();
    Termination end;
    try {
      end = kernel.runMain(engine, entry, budget);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = Termination.of(Termination.Kind.INTERNAL_ERROR, "interrupted", main);
    }
    kernel.trace().terminated(end);
    if (!end.isNormalExit()) {
      end.report().forEach(config.diagnostics()::println);
      config.diagnostics().flush();
    }
    return end;
  }

  @Override
  public void close() {
    kernel.closeProcess();
  }
}
