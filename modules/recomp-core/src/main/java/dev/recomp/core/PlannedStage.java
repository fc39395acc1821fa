package dev.recomp.core;

/**
 * What a run would do with one stage ({@code --dry-run}).
 *
 * @param reason why, in a few words
 */
public record PlannedStage(StageName stage, Action action, String reason) {
  /** The decision. */
  public enum Action {
    /** The cache holds a verified result for the stage's current key. */
    CACHED,
    /** The stage would execute. */
    EXECUTE,
    /** The stage's key depends on outputs of a stage that would execute first. */
    DEPENDS_ON_EARLIER,
    /** The configured built-in is not implemented in this recomp version. */
    UNAVAILABLE,
    /** Disabled in automation.toml, or beyond --until. */
    SKIPPED,
    /** Gated by the execution mode and not approved: the run would stop here. */
    REFUSED
  }
}
