package dev.recomp.core;

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
 */
public record AutomateOptions(Set<StageName> force, StageName from, StageName until) {
  /** Copies the set. */
  public AutomateOptions {
    force = force.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(force));
  }

  /** Every stage, cache used. */
  public static AutomateOptions defaults() {
    return new AutomateOptions(Set.of(), null, null);
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
