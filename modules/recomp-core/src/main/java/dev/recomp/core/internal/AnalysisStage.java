package dev.recomp.core.internal;

import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.AnalysisWriter;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.lift.analysis.TitleConfigException;
import dev.recomp.manifest.InputRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in analysis: recomp-lift's function discovery over the guest image, with the title
 * config's hints, writing {@code functions.json}, {@code name_map.json} and {@code
 * unresolved.json}. Its cache key covers intake's outputs (and so the binary's hash) and the title
 * config.
 */
final class AnalysisStage implements Stage {
  @Override
  public StageName name() {
    return StageName.ANALYSIS;
  }

  @Override
  public Declaration declare(StageContext context) {
    return new Declaration("analysis.builtin.v1", null, List.of(), titleConfigReads(context));
  }

  /** The title config as a read of the stages whose result depends on it. */
  static List<Read> titleConfigReads(StageContext context) {
    List<Read> reads = new ArrayList<>();
    String titleConfig = context.config().inputs().titleConfig();
    if (titleConfig != null) {
      reads.add(new Read(context.resolveConfigPath(titleConfig), InputRecord.Role.TITLE_CONFIG));
    }
    return reads;
  }

  /** The run's title config, or the empty one when the config names none. */
  static TitleConfig titleConfig(StageContext context) throws TitleConfigException {
    String titleConfig = context.config().inputs().titleConfig();
    return titleConfig == null
        ? TitleConfig.empty()
        : TitleConfig.load(context.resolveConfigPath(titleConfig));
  }

  @Override
  public List<String> execute(StageContext context) {
    try {
      ProgramAnalysis analysis =
          Analysis.analyze(Images.read(context.binary()), titleConfig(context));
      AnalysisWriter.write(analysis, context.stageDir());
      context.note(
          analysis.functions().size()
              + " functions, "
              + analysis.unresolved().size()
              + " unresolved targets");
    } catch (IntakeException | TitleConfigException e) {
      throw new StageException(e.getMessage());
    } catch (IOException e) {
      throw new StageException("analysis: cannot write outputs: " + e.getMessage());
    }
    return List.of(AnalysisWriter.FUNCTIONS, AnalysisWriter.NAME_MAP, AnalysisWriter.UNRESOLVED);
  }
}
