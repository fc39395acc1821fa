package dev.recomp.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.AnalysisReader;
import dev.recomp.lift.analysis.AnalysisWriter;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfigException;
import dev.recomp.lift.jvm.LiftedProgram;
import dev.recomp.manifest.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The built-in lift: the A64 semantics over every function the analysis stage found, writing {@code
 * module.json} (functions, blocks, IR digest) and {@code unsupported.json} (encodings left as
 * traps). It reads analysis's {@code functions.json}; when the analysis stage is disabled or an
 * external tool replaced it without writing one, it runs the built-in analysis itself and says so.
 */
final class LiftStage implements Stage {
  static final String MODULE = "module.json";
  static final String UNSUPPORTED = "unsupported.json";

  @Override
  public StageName name() {
    return StageName.LIFT;
  }

  @Override
  public Declaration declare(StageContext context) {
    return new Declaration(
        "lift.builtin.v1", null, List.of(), AnalysisStage.titleConfigReads(context));
  }

  @Override
  public List<String> execute(StageContext context) {
    GuestImage image = image(context);
    LiftedProgram lifted = LiftedProgram.lift(image, analysis(context, image));
    Path dir = context.stageDir();
    AtomicFiles.write(dir.resolve(MODULE), AnalysisWriter.bytes(lifted.module()));
    ObjectNode unsupported = lifted.unsupported();
    AtomicFiles.write(dir.resolve(UNSUPPORTED), AnalysisWriter.bytes(unsupported));
    context.note(
        lifted.functions().size()
            + " functions, "
            + lifted.instructions()
            + " instructions, "
            + unsupported.get("encodings").size()
            + " unsupported encodings");
    return List.of(MODULE, UNSUPPORTED);
  }

  /** The guest image of the run's binary. */
  static GuestImage image(StageContext context) {
    try {
      return Images.read(context.binary());
    } catch (IntakeException e) {
      throw new StageException(e.getMessage());
    }
  }

  /**
   * The analysis stage's result for {@code image}, or the built-in analysis when that stage wrote
   * no {@code functions.json}.
   */
  static ProgramAnalysis analysis(StageContext context, GuestImage image) {
    Optional<Path> functions =
        context.outputsOf(StageName.ANALYSIS).stream()
            .filter(p -> p.getFileName().toString().equals(AnalysisWriter.FUNCTIONS))
            .findFirst();
    try {
      if (functions.isPresent()) {
        ProgramAnalysis analysis = AnalysisReader.read(functions.get().getParent());
        if (!analysis.imageSha256().equals(image.sha256())) {
          throw new StageException(
              functions.get()
                  + " describes image "
                  + analysis.imageSha256()
                  + ", not the run's binary "
                  + image.sha256());
        }
        return analysis;
      }
      context.note("no analysis/functions.json: ran the built-in analysis");
      return Analysis.analyze(image, AnalysisStage.titleConfig(context));
    } catch (IOException | TitleConfigException e) {
      throw new StageException(e.getMessage());
    }
  }
}
