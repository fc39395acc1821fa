package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.Termination;

/**
 * Running a guest signal handler the way arm64 Linux does: an {@code rt_sigframe} (siginfo, then a
 * ucontext holding the interrupted registers, FP/SIMD state and signal mask) is pushed on the guest
 * stack (or the sigaltstack), the handler is called with X0 = signal, X1 = &siginfo, X2 = &ucontext
 * and X30 = the sa_restorer trampoline, whose rt_sigreturn restores everything from the frame.
 *
 * <p>The handler runs nested, through the engine, on the Java thread that delivered it; the
 * rt_sigreturn unwinds back here with {@link SignalReturn}, and the interrupted code continues as
 * if its system call had just returned.
 */
final class SignalFrames {
  private static final int SIGINFO_SIZE = 128;

  // struct ucontext: uc_flags, uc_link, uc_stack (24), uc_sigmask (8) + 120 unused bytes, then
  // struct sigcontext aligned to 16: fault_address, regs[31], sp, pc, pstate, __reserved[4096].
  private static final int UC_STACK = 16;
  private static final int UC_SIGMASK = 40;
  private static final int UC_MCONTEXT = 176;
  private static final int MC_REGS = UC_MCONTEXT + 8;
  private static final int MC_SP = MC_REGS + 31 * 8;
  private static final int MC_PC = MC_SP + 8;
  private static final int MC_PSTATE = MC_PC + 8;
  private static final int MC_RESERVED = MC_PSTATE + 16;
  private static final int UCONTEXT_SIZE = MC_RESERVED + 4096;

  // struct fpsimd_context in __reserved: {magic, size}, fpsr, fpcr, vregs[32] (16 bytes each).
  private static final int FPSIMD_MAGIC = 0x46508001;
  private static final int FPSIMD_SIZE = 528;

  private static final int FRAME_SIZE = SIGINFO_SIZE + UCONTEXT_SIZE;

  /** si_code of a signal sent by kill. */
  private static final int SI_USER = 0;

  private SignalFrames() {}

  /** Runs the guest handler of {@code signal} on {@code cpu}'s thread and returns after it. */
  static void deliver(Kernel k, CpuState cpu, int signal) {
    long[] action = k.sigactions[signal].clone();
    long flags = action[1];
    GuestMemory memory = k.memory;
    long sp = cpu.sp;
    boolean onAltStack =
        k.altStackFlags != LinuxFlags.SS_DISABLE
            && Long.compareUnsigned(sp - k.altStackBase, k.altStackSize) < 0;
    if ((flags & LinuxFlags.SA_ONSTACK) != 0
        && k.altStackFlags != LinuxFlags.SS_DISABLE
        && !onAltStack) {
      sp = k.altStackBase + k.altStackSize;
    }
    long frame = (sp - FRAME_SIZE - 16) & ~15L;
    long savedMask = k.suspendedMask >= 0 ? k.suspendedMask : k.signalMask;
    k.suspendedMask = -1;
    try {
      memory.zero(frame, FRAME_SIZE + 16);
      memory.check(frame, FRAME_SIZE + 16, dev.recomp.runtime.AccessKind.WRITE);
      memory.store32(frame, signal);
      memory.store32(frame + 8, SI_USER);
      memory.store32(frame + 16, k.pid);
      memory.store32(frame + 20, k.uid());
      long uc = frame + SIGINFO_SIZE;
      memory.store64(uc + UC_STACK, k.altStackBase);
      memory.store32(uc + UC_STACK + 8, k.altStackFlags);
      memory.store64(uc + UC_STACK + 16, k.altStackSize);
      memory.store64(uc + UC_SIGMASK, savedMask);
      for (int i = 0; i < 31; i++) {
        memory.store64(uc + MC_REGS + 8L * i, cpu.x[i]);
      }
      memory.store64(uc + MC_SP, cpu.sp);
      memory.store64(uc + MC_PC, cpu.pc + 4);
      memory.store64(uc + MC_PSTATE, cpu.nzcv);
      long fp = uc + MC_RESERVED;
      memory.store32(fp, FPSIMD_MAGIC);
      memory.store32(fp + 4, FPSIMD_SIZE);
      memory.store32(fp + 8, cpu.fpsr);
      memory.store32(fp + 12, cpu.fpcr);
      for (int i = 0; i < 64; i++) {
        memory.store64(fp + 16 + 8L * i, cpu.v[i]);
      }
    } catch (dev.recomp.runtime.GuestFault f) {
      // No room for the frame: Linux kills the process with SIGSEGV.
      throw new GuestExit(Termination.signaled(Signals.SIGSEGV, cpu));
    }
    long bit = 1L << (signal - 1);
    k.signalMask =
        (k.signalMask | action[3] | ((flags & LinuxFlags.SA_NODEFER) != 0 ? 0 : bit))
            & ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
    if ((flags & LinuxFlags.SA_RESETHAND) != 0) {
      k.sigactions[signal] = new long[4];
    }
    CpuState interrupted = cpu.copy();
    cpu.x[0] = signal;
    cpu.x[1] = frame;
    cpu.x[2] = frame + SIGINFO_SIZE;
    cpu.x[29] = frame + FRAME_SIZE;
    cpu.x[30] = (flags & LinuxFlags.SA_RESTORER) != 0 ? action[2] : trampoline(memory);
    cpu.sp = frame;
    cpu.pc = action[0];
    cpu.clearExclusive();
    try {
      k.engine.resume(k.process, cpu);
    } catch (SignalReturn done) {
      // rt_sigreturn restored the registers; the interrupted code continues after its SVC.
      cpu.pc = interrupted.pc;
      return;
    }
  }

  /** {@code mov x8, #139 (rt_sigreturn); svc #0}. */
  private static final int[] SIGRETURN_CODE = {0xd2801168, 0xd4000001};

  /**
   * The return address of a handler registered without SA_RESTORER (glibc on arm64 relies on the
   * kernel's vDSO trampoline): a read-only, executable page at the very top of the address space
   * holding an rt_sigreturn call, mapped the first time it is needed, as qemu-user keeps one.
   */
  private static long trampoline(GuestMemory memory) {
    long page = memory.size() - GuestMemory.PAGE_SIZE;
    if (memory.protectionAt(page) < 0) {
      memory.map(page, GuestMemory.PAGE_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC);
      for (int i = 0; i < SIGRETURN_CODE.length; i++) {
        memory
            .segment()
            .set(
                java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                    java.nio.ByteOrder.LITTLE_ENDIAN),
                page + 4L * i,
                SIGRETURN_CODE[i]);
      }
    }
    return page;
  }

  /** rt_sigreturn: restores registers and mask from the frame at SP, then unwinds the handler. */
  static long sigreturn(Kernel k, CpuState cpu, long[] a) {
    GuestMemory memory = k.memory;
    long uc = cpu.sp + SIGINFO_SIZE;
    try {
      for (int i = 0; i < 31; i++) {
        cpu.x[i] = memory.load64(uc + MC_REGS + 8L * i);
      }
      cpu.sp = memory.load64(uc + MC_SP);
      cpu.nzcv = memory.load64(uc + MC_PSTATE) & 0xf000_0000L;
      long fp = uc + MC_RESERVED;
      if ((int) memory.load32(fp) == FPSIMD_MAGIC) {
        cpu.fpsr = memory.load32(fp + 8);
        cpu.fpcr = memory.load32(fp + 12);
        for (int i = 0; i < 64; i++) {
          cpu.v[i] = memory.load64(fp + 16 + 8L * i);
        }
      }
      k.signalMask =
          memory.load64(uc + UC_SIGMASK)
              & ~((1L << (Signals.SIGKILL - 1)) | (1L << (Signals.SIGSTOP - 1)));
    } catch (dev.recomp.runtime.GuestFault f) {
      throw new GuestExit(Termination.signaled(Signals.SIGSEGV, cpu));
    }
    throw new SignalReturn();
  }
}
