package dev.recomp.core;

import dev.recomp.core.internal.Compiler;
import dev.recomp.core.internal.ConfigLoader;
import dev.recomp.core.internal.Engine;
import dev.recomp.manifest.RunManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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

  /**
   * Compiles an AArch64 program into a self-contained runnable jar ({@code recomp compile}):
   * intake, analysis, lift and build in one step, without a work root.
   *
   * @param titleConfig the title config, if any (docs/analysis.md)
   * @param progress receives one line per step
   * @throws CompileException naming the file, when the binary or title config is unusable or the
   *     jar cannot be written
   */
  public static Compiled compile(
      Path binary, Optional<Path> titleConfig, Path jar, Consumer<String> progress) {
    return Compiler.compile(binary, titleConfig, jar, progress);
  }

  /**
   * The jar of {@code binary} in {@code cacheDir} ({@code recomp run}'s cache), compiled only when
   * this binary has not been compiled by this recomp before.
   */
  public static Path compileCached(Path binary, Path cacheDir, Consumer<String> progress) {
    return Compiler.cached(binary, cacheDir, progress);
  }

  /** Reads and checks a config without running anything. */
  public static AutomationConfig loadConfig(Path config) {
    return ConfigLoader.load(config).config();
  }
}
