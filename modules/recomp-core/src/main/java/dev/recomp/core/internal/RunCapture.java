package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.InputRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a program the way run/capture and the reference executor both do: in a fresh working
 * directory seeded from {@code [run] sandbox_root}, with {@code [run] args}, stdin and env, its
 * stdout, stderr and exit status captured as the files {@code stdout}, {@code stderr} and {@code
 * exit_status} of an output directory.
 */
final class RunCapture {
  /** The capture files, relative to the output directory. */
  static final List<String> FILES = List.of("stdout", "stderr", "exit_status");

  private RunCapture() {}

  /** The files the capture reads from outside the work root: stdin, sandbox seed, reads. */
  static List<Stage.Read> reads(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    List<Stage.Read> reads = new ArrayList<>();
    if (run.stdin() != null) {
      reads.add(new Stage.Read(context.resolveConfigPath(run.stdin()), InputRecord.Role.STDIN));
    }
    for (Path file : sandboxFiles(context)) {
      reads.add(new Stage.Read(file, InputRecord.Role.STAGE_INPUT));
    }
    for (String read : run.reads()) {
      reads.add(new Stage.Read(context.resolveConfigPath(read), InputRecord.Role.STAGE_INPUT));
    }
    return reads;
  }

  /** How the program is run, for the signature (paths of files are covered by their hashes). */
  static String signature(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    Path seed = run.sandboxRoot() == null ? null : context.resolveConfigPath(run.sandboxRoot());
    return "args="
        + String.join("\u0000", run.args())
        + "\nenv="
        + run.env()
        + "\nstdin="
        + (run.stdin() != null)
        + "\nsandbox="
        + sandboxFiles(context).stream().map(f -> seed.relativize(f).toString()).toList();
  }

  /** Runs {@code program} (expanded argv) plus the configured args; writes the capture files. */
  static List<String> run(StageContext context, List<String> program, Path sandbox, Path outDir) {
    return run(context, program, Map.of(), sandbox, outDir);
  }

  /**
   * As {@link #run(StageContext, List, Path, Path)}, with {@code extraEnv} added to the configured
   * environment (a value for a variable the config also sets is appended to it after a space).
   */
  static List<String> run(
      StageContext context,
      List<String> program,
      Map<String, String> extraEnv,
      Path sandbox,
      Path outDir) {
    AutomationConfig.Run run = context.config().run();
    try {
      reset(sandbox);
      if (run.sandboxRoot() != null) {
        Path seed = context.resolveConfigPath(run.sandboxRoot());
        for (Path file : sandboxFiles(context)) {
          Path target = sandbox.resolve(seed.relativize(file).toString());
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
      List<String> argv = new ArrayList<>(program);
      argv.addAll(run.args());
      Path stdin = run.stdin() == null ? null : context.resolveConfigPath(run.stdin());
      Map<String, String> env = new TreeMap<>(run.env());
      extraEnv.forEach((name, value) -> env.merge(name, value, (a, b) -> a + " " + b));
      int status =
          context.exec(
              argv, sandbox, stdin, env, false, outDir.resolve("stdout"), outDir.resolve("stderr"));
      AtomicFiles.write(
          outDir.resolve("exit_status"), (status + "\n").getBytes(StandardCharsets.US_ASCII));
      return FILES;
    } catch (IOException e) {
      throw new StageException("sandbox " + sandbox + ": " + e.getMessage());
    }
  }

  private static List<Path> sandboxFiles(StageContext context) {
    AutomationConfig.Run run = context.config().run();
    if (run.sandboxRoot() == null) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(context.resolveConfigPath(run.sandboxRoot()))) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new StageException("run.sandbox_root: " + e.getMessage());
    }
  }

  private static void reset(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
