package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The process fixtures (fork, pipes, execve, system/popen, pthreads, signals) recompiled and run
 * in-process with {@link CompiledProgram} as the engine: stdout, stderr and exit status must equal
 * qemu's. Every run has a fresh working directory holding the binaries of its runs.tsv fifth
 * column; system() and popen() start the host's /bin/sh, as they do under qemu-user.
 */
class ProcessFixtureRunTest {
  private static final Path ROOT = FixtureRun.ROOT;

  @TempDir Path cwd;

  /** The runs that need the engine to create processes and threads. */
  static final List<String> RUNS =
      List.of(
          "fork-musl-O2",
          "pipes-musl-O2",
          "exec-musl-O2",
          "system-musl-O2",
          "threads-musl-O2",
          "sigpipe-musl-O2",
          "sigaction-musl-O2",
          "sigchild-musl-O2",
          "forks-musl-O2",
          "sigtramp",
          "fork-glibc-O2",
          "system-glibc-O2",
          "threads-glibc-O2");

  static List<String> runs() {
    return RUNS;
  }

  @ParameterizedTest
  @MethodSource("runs")
  void runsLikeQemu(String name) throws Exception {
    FixtureRun run = FixtureRun.of(name);
    String binary = run.binary();
    List<String> argv = run.argv();
    for (String entry : run.placed()) {
      String[] placed = entry.split("=", 2);
      Path target = cwd.resolve(placed[0]);
      Files.copy(
          ROOT.resolve("fixtures/bin").resolve(placed[1]),
          target,
          StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
    }
    GuestImage image = Images.read(run.binaryPath());
    CompiledProgram program = CompiledProgram.compile(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .stdio(new ByteArrayInputStream(new byte[0]), out, err)
            .cwd(cwd.toString())
            .execPath(run.binaryPath().toAbsolutePath().toString())
            .wallClockLimit(Duration.ofSeconds(60))
            .build();
    try (LinuxProcess process = LinuxLoader.load(image, config, binary)) {
      Termination end = process.run(program);
      assertEquals(run.golden("stdout"), out.toString(StandardCharsets.UTF_8));
      assertEquals(run.golden("stderr"), err.toString(StandardCharsets.UTF_8));
      assertEquals(run.goldenExit(), end.exitStatus(), end.message());
    }
  }
}
