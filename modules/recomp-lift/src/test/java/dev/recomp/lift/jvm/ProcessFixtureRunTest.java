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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The process fixtures (fork, pipes, execve, system/popen, pthreads, signals) recompiled and run
 * in-process with {@link CompiledProgram} as the engine: stdout, stderr and exit status must equal
 * qemu's. Every run has a fresh working directory holding the binaries of its runs.tsv fifth
 * column; system() and popen() start the host's /bin/sh, as they do under qemu-user.
 */
class ProcessFixtureRunTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));

  @TempDir Path cwd;

  /**
   * The musl builds. The glibc builds (fork, system, threads) are recorded too but stop at glibc's
   * AdvSIMD string functions (LD1) until the lifter covers them.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "fork-musl-O2",
        "pipes-musl-O2",
        "exec-musl-O2",
        "system-musl-O2",
        "threads-musl-O2",
        "sigpipe-musl-O2",
        "sigaction-musl-O2",
        "sigchild-musl-O2",
        "forks-musl-O2",
        "sigtramp"
      })
  void runsLikeQemu(String run) throws Exception {
    String[] row =
        Files.readAllLines(ROOT.resolve("fixtures/runs.tsv")).stream()
            .filter(l -> l.startsWith(run + "\t"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run " + run + " in fixtures/runs.tsv"))
            .split("\t", -1);
    String binary = row[1];
    List<String> argv = new ArrayList<>(List.of(binary));
    if (row.length > 3 && !row[3].isBlank()) {
      argv.addAll(Arrays.asList(row[3].trim().split(" ")));
    }
    if (row.length > 4 && !row[4].isBlank()) {
      for (String entry : row[4].split(",")) {
        String[] placed = entry.split("=", 2);
        Path target = cwd.resolve(placed[0]);
        Files.copy(
            ROOT.resolve("fixtures/bin").resolve(placed[1]),
            target,
            StandardCopyOption.REPLACE_EXISTING);
        target.toFile().setExecutable(true);
      }
    }
    GuestImage image = Images.read(ROOT.resolve("fixtures/bin").resolve(binary));
    CompiledProgram program = CompiledProgram.compile(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .stdio(new ByteArrayInputStream(new byte[0]), out, err)
            .cwd(cwd.toString())
            .wallClockLimit(Duration.ofSeconds(60))
            .build();
    try (LinuxProcess process = LinuxLoader.load(image, config, binary)) {
      Termination end = process.run(program);
      Path golden = ROOT.resolve("fixtures/golden");
      assertEquals(
          Files.readString(golden.resolve(run + ".stdout")), out.toString(StandardCharsets.UTF_8));
      assertEquals(
          Files.readString(golden.resolve(run + ".stderr")), err.toString(StandardCharsets.UTF_8));
      assertEquals(
          Integer.parseInt(Files.readString(golden.resolve(run + ".exit")).trim()),
          end.exitStatus(),
          end.message());
    }
  }
}
