package dev.recomp.core.internal;

import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.intake.GuestImage;
import dev.recomp.lift.jvm.AppJar;
import dev.recomp.lift.jvm.JvmBackend;
import dev.recomp.lift.jvm.LiftedProgram;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in build: the JVM backend compiles the lifted program and packs it into {@code
 * app.jar}, a self-contained runnable jar (docs/compile.md). The IR is lifted again from the same
 * inputs and must hash to lift's {@code module.json} digest, so the jar is exactly what lift
 * described.
 */
final class BuildStage implements Stage {
  static final String JAR = "app.jar";

  @Override
  public StageName name() {
    return StageName.BUILD;
  }

  @Override
  public Declaration declare(StageContext context) {
    return new Declaration(
        "build.jvm.v1\nregion_bytes=" + JvmBackend.DEFAULT_REGION_BYTES,
        null,
        List.of(),
        AnalysisStage.titleConfigReads(context));
  }

  @Override
  public List<String> execute(StageContext context) {
    GuestImage image = LiftStage.image(context);
    LiftedProgram lifted = LiftedProgram.lift(image, LiftStage.analysis(context, image));
    String recorded = liftedDigest(context);
    if (!recorded.equals(lifted.irDigest())) {
      throw new StageException(
          "lift/"
              + LiftStage.MODULE
              + " records IR "
              + recorded
              + " but the same inputs lift to "
              + lifted.irDigest()
              + " now; re-run from lift (--from lift)");
    }
    List<JvmBackend.GeneratedClass> classes = lifted.compile();
    try {
      AppJar.Contents jar =
          AppJar.write(
              context.stageDir().resolve(JAR),
              context.binary().getFileName().toString(),
              Files.readAllBytes(context.binary()),
              classes);
      context.note(
          jar.generatedClasses()
              + " generated classes, "
              + jar.runtimeEntries()
              + " runtime entries, "
              + jar.bytes()
              + " bytes");
    } catch (IOException e) {
      throw new StageException("build: cannot write " + JAR + ": " + e.getMessage());
    }
    return List.of(JAR);
  }

  private static String liftedDigest(StageContext context) {
    Path module =
        context.outputsOf(StageName.LIFT).stream()
            .filter(p -> p.getFileName().toString().equals(LiftStage.MODULE))
            .findFirst()
            .orElseThrow(
                () ->
                    new StageException(
                        "build: the lift stage wrote no "
                            + LiftStage.MODULE
                            + " (an external lift must write one for the built-in build)"));
    try {
      return Json.parse(Files.readAllBytes(module), module.toString()).path("ir_sha256").asText();
    } catch (IOException | ManifestException e) {
      throw new StageException("build: " + module + ": " + e.getMessage());
    }
  }
}
