package dev.recomp.core;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to run the stages.
 *
 * @param force stages to execute even when cached (later stages still use the cache when the forced
 *     stage's outputs come out unchanged)
 * @param from null, or the first stage to execute regardless of the cache; it and every later stage
 *     are forced
 * @param until null, or the last stage to run; later stages are skipped
 * @param approve gated stages approved for this run ({@code --approve STAGE})
 * @param approvals null, or an approvals file ({@code approvals.schema.json}, {@code --approvals})
 */
public record AutomateOptions(
    Set<StageName> force, StageName from, StageName until, Set<StageName> approve, Path approvals) {
  /** Copies the sets. */
  public AutomateOptions {
    force = force.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(force));
    approve = approve.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(approve));
  }

  /** Cache options only, no approvals. */
  public AutomateOptions(Set<StageName> force, StageName from, StageName until) {
    this(force, from, until, Set.of(), null);
  }

  /** Every stage, cache used. */
  public static AutomateOptions defaults() {
    return new AutomateOptions(Set.of(), null, null);
  }

  /** These options with {@code stages} approved by flag and {@code file} as the approvals file. */
  public AutomateOptions withApprovals(Set<StageName> stages, Path file) {
    return new AutomateOptions(force, from, until, stages, file);
  }

  /** Whether {@code stage} must execute regardless of the cache. */
  public boolean forces(StageName stage) {
    return force.contains(stage) || (from != null && stage.compareTo(from) >= 0);
  }

  /** Whether {@code stage} comes after {@code --until}. */
  public boolean beyondUntil(StageName stage) {
    return until != null && stage.compareTo(until) > 0;
  }
}
