package dev.recomp.cli;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.jvm.CompiledProgram;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.LoadException;
import dev.recomp.runtime.Termination;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recomp run BINARY [-- ARGS...]}: analyzes, lifts and compiles an AArch64 Linux program and
 * runs the generated classes in this JVM, exiting with the guest's status.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Recompiles an AArch64 Linux ELF to JVM classes and runs it with ARGS; stdin, stdout and"
          + " stderr are the guest's. Runtime options go in the environment variable RECOMP_OPTS"
          + " (space-separated): 'summary' prints instructions run compiled and interpreted to"
          + " stderr at the end (see docs/backend.md)."
    })
final class RunCommand implements Callable<Integer> {
  /** The environment variable holding runtime options, so guest arguments pass untouched. */
  static final String OPTIONS_VARIABLE = "RECOMP_OPTS";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BINARY", description = "The program to run.")
  Path binary;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IntakeException, LoadException {
    boolean summary = parseOptions(System.getenv().getOrDefault(OPTIONS_VARIABLE, ""));
    GuestImage image = Images.read(binary);
    CompiledProgram program = CompiledProgram.compile(image);
    List<String> argv = new ArrayList<>();
    argv.add(binary.toString());
    argv.addAll(args);
    try (LinuxProcess process =
        LinuxLoader.load(image, LinuxConfig.builder(argv).build(), binary.toString())) {
      // The program is also the engine for the processes and threads the guest creates.
      Termination end = process.run(program);
      if (summary) {
        long total = process.instructionsExecuted();
        System.err.printf(
            Locale.ROOT,
            "recomp: %d instructions: %d compiled, %d interpreted in %d fallback blocks;"
                + " %d dispatch misses; %s%n",
            total,
            total - program.interpretedInstructions(),
            program.interpretedInstructions(),
            program.interpretedBlocks(),
            process.trace().dispatchMisses().values().stream().mapToLong(Long::longValue).sum(),
            end.message());
      }
      return end.exitStatus();
    }
  }

  private boolean parseOptions(String value) {
    boolean summary = false;
    for (String option : value.trim().split("\\s+")) {
      switch (option) {
        case "" -> {}
        case "summary" -> summary = true;
        default ->
            throw new ParameterException(
                spec.commandLine(),
                OPTIONS_VARIABLE + ": unknown option '" + option + "' (known: summary)");
      }
    }
    return summary;
  }
}
