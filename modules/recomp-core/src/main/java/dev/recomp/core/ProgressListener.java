package dev.recomp.core;

import dev.recomp.manifest.StepRecord;

/** Receives progress of a run, as it happens. Every method defaults to doing nothing. */
public interface ProgressListener {
  /** The stage is about to be looked up in the cache and, on a miss, executed. */
  default void stageStarted(StageName stage) {}

  /** The stage executes (a cache miss or a forced run); {@code reason} says why. */
  default void stageExecuting(StageName stage, String reason) {}

  /** The stage is done, with its record (cache hit, status, duration, notes). */
  default void stageFinished(StepRecord step) {}

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return new ProgressListener() {};
  }
}
