package dev.recomp.core.internal;

import dev.recomp.core.AutomationException;
import dev.recomp.core.StageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts stage processes: an explicit environment (nothing inherited), argv[0] resolved on the
 * configured PATH, stdout and stderr to files, a time limit after which the process and its
 * descendants are killed.
 */
final class Processes {
  private Processes() {}

  static int run(
      List<String> argv,
      Path cwd,
      Path stdin,
      Map<String, String> env,
      Path stdout,
      Path stderr,
      Duration limit,
      List<String> path,
      Path emptyStdin) {
    List<String> command = new ArrayList<>(argv);
    command.set(0, ToolVersions.resolve(argv.getFirst(), path, cwd).toString());
    try {
      Files.createDirectories(stdout.toAbsolutePath().getParent());
      Files.createDirectories(stderr.toAbsolutePath().getParent());
      Files.createDirectories(cwd);
      Path input = stdin;
      if (input == null) {
        Files.createDirectories(emptyStdin.getParent());
        if (!Files.isRegularFile(emptyStdin) || Files.size(emptyStdin) != 0) {
          Files.write(emptyStdin, new byte[0]);
        }
        input = emptyStdin;
      }
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectInput(input.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new StageException("cannot start " + argv.getFirst() + ": " + e.getMessage());
      }
      try {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          kill(process);
          throw new StageException(
              argv.getFirst()
                  + " exceeded the time limit of "
                  + limit.toSeconds()
                  + " s and was killed");
        }
        return process.exitValue();
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new AutomationException(
            "interrupted while " + argv.getFirst() + " was running; killed it");
      }
    } catch (IOException e) {
      throw new StageException(argv.getFirst() + ": " + e.getMessage());
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
