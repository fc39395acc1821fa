package dev.recomp.core.internal;

import static dev.recomp.core.StageName.ANALYSIS;
import static dev.recomp.core.StageName.ARCHIVE;
import static dev.recomp.core.StageName.BUILD;
import static dev.recomp.core.StageName.INTAKE;
import static dev.recomp.core.StageName.LIFT;
import static dev.recomp.core.StageName.RUN;
import static dev.recomp.core.StageName.VALIDATE;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageName;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The lifecycle as data: for each stage, whether the run can go on without it, which stages'
 * outputs it reads (its cache key covers their hashes), and which implementation runs it. An
 * external {@code command} in a stage's table always wins; without one, the built-in runs, and a
 * stage with no built-in yet is reported {@code unavailable}, never imitated.
 */
final class StageTable {
  /**
   * One row.
   *
   * @param optional the run continues when the stage is unavailable or disabled
   * @param reads the stages whose outputs this stage reads
   * @param readsLogs whether the stage also reads the logs of the stages it reads
   * @param builtIn the built-in implementation, if recomp has one
   */
  record Row(
      StageName name,
      boolean optional,
      Set<StageName> reads,
      boolean readsLogs,
      Function<AutomationConfig, Optional<Stage>> builtIn) {}

  private static final Map<StageName, Row> ROWS = new EnumMap<>(StageName.class);

  static {
    add(new Row(INTAKE, false, Set.of(), false, c -> Optional.of(new IntakeStage())));
    add(new Row(ANALYSIS, true, Set.of(INTAKE), false, c -> Optional.of(new AnalysisStage())));
    add(new Row(LIFT, false, Set.of(INTAKE, ANALYSIS), false, c -> Optional.of(new LiftStage())));
    add(
        new Row(
            BUILD,
            false,
            Set.of(INTAKE, ANALYSIS, LIFT),
            false,
            c -> Optional.of(new BuildStage())));
    add(new Row(RUN, false, Set.of(BUILD), false, c -> Optional.of(new RunStage())));
    add(new Row(VALIDATE, true, Set.of(RUN), false, c -> Optional.of(new ValidateStage())));
    add(
        new Row(
            ARCHIVE,
            true,
            Set.of(INTAKE, ANALYSIS, LIFT, BUILD, RUN, VALIDATE),
            true,
            c -> Optional.of(new ArchiveStage())));
  }

  private StageTable() {}

  private static void add(Row row) {
    ROWS.put(row.name(), row);
  }

  static Row row(StageName stage) {
    return ROWS.get(stage);
  }

  /** Whether the config switches the stage off ({@code enabled = false}). */
  static boolean disabled(StageName stage, AutomationConfig c) {
    return switch (stage) {
      case ANALYSIS -> !c.analysis().enabled();
      case VALIDATE -> !c.validate().enabled();
      case ARCHIVE -> !c.archive().enabled();
      case INTAKE, LIFT, BUILD, RUN -> false;
    };
  }

  /** The external command configured for the stage, if any (run handles its command itself). */
  static Optional<AutomationConfig.CommandStage> external(StageName stage, AutomationConfig c) {
    AutomationConfig.CommandStage command =
        switch (stage) {
          case INTAKE -> c.intake();
          case ANALYSIS -> c.analysis().asCommandStage();
          case LIFT -> c.lift();
          case BUILD -> c.build();
          case VALIDATE -> c.validate().asCommandStage();
          case ARCHIVE -> c.archive().asCommandStage();
          case RUN -> AutomationConfig.CommandStage.BUILT_IN;
        };
    return command.external() ? Optional.of(command) : Optional.empty();
  }

  /** The implementation that runs {@code stage}, or empty when it is unavailable. */
  static Optional<Stage> implementation(StageName stage, AutomationConfig c) {
    return external(stage, c)
        .<Stage>map(command -> new ExternalCommandStage(stage, command))
        .or(() -> row(stage).builtIn().apply(c));
  }

  /** The role of an output in the manifest and index. */
  static String role(StageName stage, String relativePath) {
    return switch (relativePath) {
      case "intake/inputs.json" -> "intake_record";
      case "intake/image.json" -> "image_description";
      case "lift/module.json" -> "lift_module";
      case "lift/unsupported.json" -> "lift_unsupported";
      case "build/app.jar" -> "program";
      case "run/stdout" -> "capture_stdout";
      case "run/stderr" -> "capture_stderr";
      case "run/exit_status" -> "capture_exit_status";
      case "run/runtime-trace.json" -> "runtime_trace";
      case ValidateStage.REPORT -> "validation_report";
      case "archive/run.tar.gz" -> "archive";
      default ->
          relativePath.startsWith("validate/reference/")
              ? "reference_" + relativePath.substring("validate/reference/".length())
              : stage.wire() + "_output";
    };
  }

  /** Every stage, in order. */
  static List<StageName> order() {
    return List.of(StageName.values());
  }
}
