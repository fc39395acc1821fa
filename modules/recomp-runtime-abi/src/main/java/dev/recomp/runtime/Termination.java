package dev.recomp.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a guest run ended. {@link Kind} fixes the JVM exit status for each way; docs/runtime.md has
 * the table.
 *
 * @param kind the way it ended
 * @param exitStatus the process exit status to report (0-255)
 * @param message one line saying what happened
 * @param cpu the guest registers at the end, when the ending is a failure worth a report
 */
public record Termination(Kind kind, int exitStatus, String message, CpuState cpu) {
  /** Ways a guest run ends, each with its exit status. */
  public enum Kind {
    /** exit/exit_group: the guest's own status, low 8 bits. */
    EXITED(-1),
    /** Killed by a signal it sent itself with the default action: 128 + signal. */
    SIGNALED(-1),
    /**
     * A memory fault: 128 + SIGSEGV (139) or 128 + SIGBUS (135), what a shell reports for the same
     * program under qemu-user.
     */
    FAULT(-1),
    /** An instruction the lifter could not translate was reached: 128 + SIGILL. */
    ILLEGAL_INSTRUCTION(128 + Signals.SIGILL),
    /** A syscall the personality does not implement, in strict mode. */
    UNKNOWN_SYSCALL(121),
    /** The instruction budget ran out. */
    INSTRUCTION_BUDGET(122),
    /** Every guest thread waits and nothing can wake it (a futex wait with no other thread). */
    DEADLOCK(123),
    /** The wall-clock limit passed (124, as timeout(1) reports). */
    WALL_CLOCK(124),
    /** A bug in the runtime or recompiled code surfaced as a JVM exception. */
    INTERNAL_ERROR(125);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    /** The fixed exit status, or -1 when it depends on the guest (exit code, signal). */
    public int fixedStatus() {
      return status;
    }
  }

  /** A normal exit with the guest's status. */
  public static Termination exited(int status) {
    return new Termination(
        Kind.EXITED, status & 0xff, "exited with status " + (status & 0xff), null);
  }

  /** Death by a signal with its default action. */
  public static Termination signaled(int signal, CpuState cpu) {
    return new Termination(
        Kind.SIGNALED, 128 + signal, "killed by " + Signals.name(signal), cpu.copy());
  }

  /** A memory fault, attributed to {@code cpu.pc} unless the fault carries its own PC. */
  public static Termination fault(GuestFault fault, CpuState cpu) {
    GuestFault f = fault.pc() == GuestFault.UNKNOWN_PC ? fault.at(cpu.pc) : fault;
    return new Termination(
        Kind.FAULT,
        128 + f.signal(),
        f.getMessage() + " (" + Signals.name(f.signal()) + ")",
        cpu.copy());
  }

  /** One of the fixed-status endings. */
  public static Termination of(Kind kind, String message, CpuState cpu) {
    if (kind.fixedStatus() < 0) {
      throw new IllegalArgumentException(kind + " has no fixed exit status");
    }
    return new Termination(kind, kind.fixedStatus(), message, cpu == null ? null : cpu.copy());
  }

  /** Whether the guest ended on its own through exit or exit_group. */
  public boolean isNormalExit() {
    return kind == Kind.EXITED;
  }

  /**
   * The report printed when a run ends abnormally: the reason, PC, every register and the recent
   * branch history.
   */
  public List<String> report() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "recomp: guest "
            + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ": "
            + message
            + " (exit status "
            + exitStatus
            + ")");
    if (cpu == null) {
      return lines;
    }
    lines.add(
        String.format(
            Locale.ROOT, "  pc   %016x  sp   %016x  nzcv %08x", cpu.pc, cpu.sp, cpu.nzcv));
    for (int i = 0; i < 31; i += 4) {
      StringBuilder row = new StringBuilder(" ");
      for (int r = i; r < Math.min(i + 4, 31); r++) {
        row.append(String.format(Locale.ROOT, " x%-3d %016x", r, cpu.x[r]));
      }
      lines.add(row.toString());
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "  fpcr %08x  fpsr %08x  tpidr_el0 %016x",
            cpu.fpcr,
            cpu.fpsr,
            cpu.tpidrEl0));
    long[][] branches = cpu.recentBranches();
    lines.add("  recent branches (oldest first, " + cpu.branchCount + " recorded):");
    for (long[] b : branches) {
      lines.add(String.format(Locale.ROOT, "    %016x -> %016x", b[0], b[1]));
    }
    return lines;
  }
}
