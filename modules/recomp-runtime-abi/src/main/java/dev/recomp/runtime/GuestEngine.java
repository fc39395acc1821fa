package dev.recomp.runtime;

import dev.recomp.intake.GuestImage;

/**
 * The execution engine as the runtime needs it to create processes and threads: run guest code from
 * any register state on the calling Java thread, and prepare another program for execve. The
 * backend implements it over compiled classes; the runtime calls it for a forked child (resuming
 * after its clone), a new thread, a signal handler and an exec'd image.
 */
public interface GuestEngine {
  /**
   * Runs guest code of {@code process} from the registers in {@code cpu}, starting at {@code
   * cpu.pc}, which may be any instruction (a forked child resumes in the middle of a function).
   * Returns only by throwing: {@link GuestExit}, a {@link GuestFault}, or the runtime's own
   * control-flow exceptions, which it must let through.
   */
  void resume(GuestProcess process, CpuState cpu);

  /**
   * The engine for another program, for execve of an AArch64 ELF.
   *
   * @param what names the program in error messages
   * @throws LoadException when it cannot be compiled
   */
  GuestEngine load(GuestImage image, String what) throws LoadException;
}
