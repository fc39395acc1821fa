package dev.recomp.lift;

/** How execution of a block ended, as {@link IrInterpreter} reports it. */
public sealed interface Exit {

  /** Continue at {@code pc} (already stored in the CPU state). */
  record Continue(long pc) implements Exit {}

  /**
   * The block ended with {@code SVC #imm}; the OS personality runs, then execution resumes at next.
   */
  record SupervisorCall(int imm, long next) implements Exit {}

  /** The block ended with a trap; the CPU state's PC is the trapping instruction. */
  record Trapped(Terminator.Trap trap) implements Exit {}
}
