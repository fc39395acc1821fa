package dev.recomp.lift.analysis;

/**
 * An instruction whose successor analysis could not determine statically: the recompiled code
 * reaches it through the dispatch table at run time.
 *
 * @param pc the instruction
 * @param function the start of a function containing it (the lowest, when shared)
 * @param kind what kind of transfer it is
 * @param reason why it is unresolved, one line
 */
public record UnresolvedTarget(long pc, long function, Kind kind, String reason) {
  /** The kind of control transfer. */
  public enum Kind {
    /** BR (and its pointer-authenticating forms) not recognized as a switch. */
    INDIRECT_JUMP,
    /** BLR (and its pointer-authenticating forms). */
    INDIRECT_CALL,
    /** A word that decodes to no instruction. */
    UNDECODABLE,
    /** Straight-line code running past the end of executable memory. */
    OFF_TEXT
  }
}
