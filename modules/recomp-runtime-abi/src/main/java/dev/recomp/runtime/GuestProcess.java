package dev.recomp.runtime;

/**
 * A guest process as recompiled code and the interpreter see it: its memory, its main thread's
 * registers, and the two calls guest code makes into the runtime. OS personalities implement it:
 * {@link LinuxProcess} and {@link HorizonProcess}.
 *
 * <p>Calling convention for generated code: spill the guest registers it keeps in JVM locals to the
 * {@link CpuState}, set {@link CpuState#pc} to the address of the calling instruction, call, then
 * reload. Both calls may throw {@link GuestExit}, which generated code must not catch.
 */
public interface GuestProcess extends AutoCloseable {
  /** The address space. */
  GuestMemory memory();

  /** The registers of the main thread, set up for the first instruction at the entry point. */
  CpuState mainThread();

  /** The trace being collected. */
  RuntimeTrace trace();

  /**
   * {@code SVC #immediate} executed with the registers in {@code cpu}. For Linux: the syscall
   * number in X8, arguments in X0-X5, the result (or -errno) written to X0; the immediate is
   * ignored, as the Linux kernel ignores it. For Horizon the immediate is the SVC number.
   *
   * @throws GuestExit when the call ends the process
   */
  void supervisorCall(CpuState cpu, int immediate);

  /**
   * Called by generated code when {@link CpuState#budget} has gone negative: checks the instruction
   * and wall-clock limits and refills the budget.
   *
   * @throws GuestExit when a limit is reached
   */
  void budgetExpired(CpuState cpu);

  /**
   * Runs guest code from the main thread's entry state on a thread with a large JVM stack, and
   * turns every way it can end into a {@link Termination}: {@link GuestExit}, an unhandled {@link
   * GuestFault}, a JVM stack overflow (deep guest recursion, reported as a fault on the guest
   * stack) and any other exception (an internal error). Never throws. A failure report (PC,
   * registers, recent branches) goes to the diagnostics stream.
   *
   * @param entry runs the guest; it returns only by throwing (the guest cannot return from its
   *     entry point), so a normal return is reported as an internal error
   */
  Termination run(GuestEntry entry);

  /** Releases the address space and open host files. */
  @Override
  void close();

  /** Guest code to run: the compiled entry point, or the interpreter's loop. */
  @FunctionalInterface
  interface GuestEntry {
    /** Runs from the state in {@code cpu} until the guest ends. */
    void run(CpuState cpu);
  }
}
