package dev.recomp.lift.jvm;

/**
 * Runs guest code that has no compiled entry: the interpreter over blocks lifted at run time.
 * Called with the registers spilled to the context's CPU state.
 */
@FunctionalInterface
public interface Fallback {
  /**
   * Executes from {@code pc} until the code returns (a RET-kind indirect jump) and returns the
   * address it returned to.
   */
  long run(GuestContext ctx, long pc);
}
