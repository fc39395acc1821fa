package dev.recomp.lift.jvm;

/**
 * Guest address to compiled function entry. The build generates one implementation per program (a
 * {@code lookupswitch} over the function entries, split into chunks so no method nears the 64 KiB
 * limit); {@link GuestContext#call} consults it for every indirect call, tail jump and unexpected
 * return.
 */
public interface DispatchTable {
  /**
   * Runs the compiled function that starts at {@code target} until it returns, or, when no compiled
   * function starts there, {@link GuestContext#miss}.
   *
   * @return the guest address the function returned to
   */
  long call(GuestContext ctx, long target);

  /** Whether a compiled function starts at {@code target}. */
  boolean has(long target);
}
