package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.InputRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in run/capture stage: runs the build stage's program (a {@code .jar} with this JDK's
 * {@code java -jar}, anything else directly), or {@code [run] command} when set, and captures
 * stdout, stderr and exit status into {@code run/}. A non-zero exit status is captured behaviour,
 * not a stage failure; exceeding the time limit is.
 */
final class RunStage implements Stage {
  @Override
  public StageName name() {
    return StageName.RUN;
  }

  @Override
  public Declaration declare(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    List<Read> reads = new ArrayList<>(Capture.reads(context));
    List<String> tools = new ArrayList<>();
    String program;
    if (run.command() != null) {
      program = "command=" + String.join("\u0000", run.command());
      tools.add(context.expand(run.command().getFirst()));
      if (String.join("", run.command()).contains("{binary}")) {
        reads.add(new Read(context.binary(), InputRecord.Role.BINARY));
      }
    } else {
      Path built = program(context);
      program = "program=" + context.workRoot().relativize(built);
    }
    return new Declaration(
        "run.v1\n" + program + "\n" + Capture.signature(context), run.command(), tools, reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    List<String> argv;
    if (run.command() != null) {
      argv = run.command().stream().map(context::expand).toList();
    } else {
      Path built = program(context);
      argv =
          built.toString().endsWith(".jar")
              ? List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  built.toString())
              : List.of(built.toString());
    }
    return Capture.run(
        context, argv, context.workRoot().resolve(".recomp/sandbox/run"), context.stageDir());
  }

  private static Path program(StageContext context) {
    List<Path> built = context.outputsOf(StageName.BUILD);
    if (built.isEmpty()) {
      throw new StageException(
          "run: the build stage produced no program to run (its first output is the program)");
    }
    return built.getFirst();
  }
}
