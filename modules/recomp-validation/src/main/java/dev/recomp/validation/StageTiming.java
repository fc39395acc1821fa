package dev.recomp.validation;

import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One stage of the run that produced a capture, for the report's timeline.
 *
 * @param name the stage name
 * @param status its status ({@code succeeded}, {@code failed}, {@code skipped}, ...)
 * @param cacheHit whether it was served from the cache
 * @param durationMs its wall time in milliseconds
 */
public record StageTiming(String name, String status, boolean cacheHit, long durationMs) {
  /** The steps of {@code manifest}, in order. */
  public static List<StageTiming> of(RunManifest manifest) {
    return manifest.steps().stream().map(StageTiming::of).toList();
  }

  /** The steps of the run manifest file {@code runManifest} (schema-checked), in order. */
  public static List<StageTiming> fromRunManifest(Path runManifest) {
    return of(RunManifest.read(runManifest));
  }

  private static StageTiming of(StepRecord step) {
    return new StageTiming(
        step.name(),
        step.status().name().toLowerCase(Locale.ROOT),
        step.cacheHit(),
        step.durationMs());
  }
}
