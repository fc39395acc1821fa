package dev.recomp.core;

import dev.recomp.core.internal.ConfigLoader;
import dev.recomp.core.internal.Engine;
import dev.recomp.manifest.RunManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * The embeddable entry point of the automation engine ({@code recomp automate}).
 *
 * <pre>{@code
 * RunManifest manifest = Recomp.automate(Path.of("examples/hello/automation.toml"));
 * }</pre>
 *
 * Errors in the config, a busy work root and unusable caches throw {@link AutomationException} with
 * a one-line message; a failing stage does not throw: it is recorded in the manifest, whose {@link
 * RunManifest#outcome()} says how the run ended.
 */
public final class Recomp {
  private Recomp() {}

  /** Runs every stage of the config with the cache, silently. */
  public static RunManifest automate(Path config) {
    return automate(config, AutomateOptions.defaults(), ProgressListener.none());
  }

  /** Runs the config's stages as {@code options} say, reporting progress to {@code listener}. */
  public static RunManifest automate(
      Path config, AutomateOptions options, ProgressListener listener) {
    return new Engine(config, options, listener).run();
  }

  /** What {@link #automate(Path, AutomateOptions, ProgressListener)} would do, and why. */
  public static List<PlannedStage> plan(Path config, AutomateOptions options) {
    return new Engine(config, options, ProgressListener.none()).plan();
  }

  /** Reads and checks a config without running anything. */
  public static AutomationConfig loadConfig(Path config) {
    return ConfigLoader.load(config).config();
  }
}
