package dev.recomp.core.internal;

import dev.recomp.core.CompileException;
import dev.recomp.core.Compiled;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.lift.analysis.TitleConfigException;
import dev.recomp.lift.jvm.AppJar;
import dev.recomp.lift.jvm.LiftedProgram;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Intake, analysis, lift and build in one step, without a work root: {@code recomp compile} and
 * {@code recomp run}'s jar cache. The automation's stages do the same work one step at a time.
 */
public final class Compiler {
  private Compiler() {}

  /** Compiles {@code binary} (with {@code titleConfig}, if present) into {@code jar}. */
  public static Compiled compile(
      Path binary, Optional<Path> titleConfig, Path jar, Consumer<String> progress) {
    try {
      byte[] bytes = Files.readAllBytes(binary);
      GuestImage image = Images.read(binary.toString(), bytes);
      TitleConfig config =
          titleConfig.isPresent() ? TitleConfig.load(titleConfig.get()) : TitleConfig.empty();
      progress.accept("analyzing " + binary);
      ProgramAnalysis analysis = Analysis.analyze(image, config);
      progress.accept("lifting " + analysis.functions().size() + " functions");
      LiftedProgram lifted = LiftedProgram.lift(image, analysis);
      progress.accept("compiling " + lifted.instructions() + " instructions to JVM classes");
      var classes = lifted.compile();
      progress.accept("writing " + jar);
      AppJar.write(jar, binary.getFileName().toString(), bytes, classes);
      return new Compiled(
          jar,
          lifted.functions().size(),
          lifted.instructions(),
          lifted.unsupported().get("encodings").size(),
          lifted.irDigest());
    } catch (IntakeException | TitleConfigException e) {
      throw new CompileException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CompileException(binary + ": " + e.getMessage(), e);
    }
  }

  /**
   * The jar for {@code binary} in {@code cacheDir}, compiled on first use: the cache key is the
   * binary's SHA-256 and recomp's own version (its code digest included), so a rebuilt recomp never
   * runs a jar an older one wrote.
   */
  public static Path cached(Path binary, Path cacheDir, Consumer<String> progress) {
    String key;
    try {
      key =
          Sha256.of(binary).substring(0, 32)
              + "-"
              + Sha256.of(ToolVersions.recomp().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    } catch (RuntimeException e) {
      throw new CompileException(e.getMessage(), e);
    }
    Path jar = cacheDir.resolve(key + ".jar");
    if (!Files.isRegularFile(jar)) {
      compile(binary, Optional.empty(), jar, progress);
    }
    return jar;
  }
}
