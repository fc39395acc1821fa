package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.lift.jvm.GuestLauncher;
import dev.recomp.manifest.InputRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in run/capture stage: runs the build stage's program (a {@code .jar} with this JDK's
 * {@code java -jar}, anything else directly), or {@code [run] command} when set, and captures
 * stdout, stderr and exit status into {@code run/}. A non-zero exit status is captured behaviour,
 * not a stage failure; exceeding the time limit is. A jar the built-in build wrote runs with a
 * virtual clock and seeded randomness, confined to the sandbox directory as its "/", and writes its
 * runtime trace manifest ({@code run/runtime-trace.json}).
 */
final class RunStage implements Stage {
  static final String TRACE = "runtime-trace.json";

  @Override
  public StageName name() {
    return StageName.RUN;
  }

  @Override
  public Declaration declare(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    List<Read> reads = new ArrayList<>(RunCapture.reads(context));
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
        "run.v1\n" + program + "\n" + RunCapture.signature(context), run.command(), tools, reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    Path sandbox = context.workRoot().resolve(".recomp/sandbox/run");
    if (run.command() != null) {
      List<String> argv = run.command().stream().map(context::expand).toList();
      return RunCapture.run(context, argv, sandbox, context.stageDir());
    }
    Path built = program(context);
    if (!built.toString().endsWith(".jar")) {
      return RunCapture.run(context, List.of(built.toString()), sandbox, context.stageDir());
    }
    List<String> argv =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            built.toString());
    Path trace = context.stageDir().resolve(TRACE);
    // Relative to the program's working directory, the sandbox, so that no value holds a space.
    Map<String, String> options =
        Map.of(
            GuestLauncher.OPTIONS_VARIABLE,
            "deterministic root=. trace="
                + sandbox.toAbsolutePath().relativize(trace.toAbsolutePath()));
    List<String> outputs =
        new ArrayList<>(RunCapture.run(context, argv, options, sandbox, context.stageDir()));
    if (Files.isRegularFile(trace)) {
      outputs.add(TRACE);
    }
    return outputs;
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
