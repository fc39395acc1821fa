package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole fixture programs (fixtures/runs.tsv) analyzed, lifted, compiled and run in-process: stdout,
 * stderr and exit status must equal the qemu goldens, with no interpreter fallback. Each runs in a
 * fresh empty sandbox directory, as the goldens were recorded.
 */
class FixtureRunTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));

  @TempDir Path sandbox;

  /** Every run of fixtures/runs.tsv but the process fixtures, which ProcessFixtureRunTest runs. */
  static List<String> runs() throws java.io.IOException {
    return Files.readAllLines(ROOT.resolve("fixtures/runs.tsv")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t", -1)[0])
        .filter(run -> !ProcessFixtureRunTest.RUNS.contains(run))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("runs")
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
    InputStream stdin =
        row[2].equals("-")
            ? new ByteArrayInputStream(new byte[0])
            : Files.newInputStream(ROOT.resolve("fixtures/input").resolve(row[2]));
    GuestImage image = Images.read(ROOT.resolve("fixtures/bin").resolve(binary));
    ProgramAnalysis analysis = Analysis.analyze(image, TitleConfig.empty());
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(ProgramCompiler.functions(image, analysis));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // qemu answers /proc/self/exe with the binary's absolute path; glibc's startup asserts that.
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .stdio(stdin, out, err)
            .sandbox(sandbox)
            .execPath(ROOT.resolve("fixtures/bin").resolve(binary).toAbsolutePath().toString())
            .build();
    try (LinuxProcess process = LinuxLoader.load(image, config, binary)) {
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      InterpreterFallback fallback =
          new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory()));
      GuestContext ctx =
          new GuestContext(
              process.mainThread(), process.memory(), process, loader.dispatchTable(), fallback);
      Termination end = process.run(cpu -> ctx.runFrom(process.layout().entry()));
      Path golden = ROOT.resolve("fixtures/golden");
      assertEquals(
          Integer.parseInt(Files.readString(golden.resolve(run + ".exit")).trim()),
          end.exitStatus(),
          end.message() + "; stderr: " + err.toString(StandardCharsets.UTF_8));
      assertEquals(
          Files.readString(golden.resolve(run + ".stdout")), out.toString(StandardCharsets.UTF_8));
      assertEquals(
          Files.readString(golden.resolve(run + ".stderr")), err.toString(StandardCharsets.UTF_8));
      assertEquals(
          0,
          fallback.blocks(),
          "interpreter fallbacks; dispatch misses "
              + process.trace().dispatchMisses().keySet().stream()
                  .limit(5)
                  .map(Long::toHexString)
                  .toList());
      assertEquals(0, process.trace().fallbackCount(), "fallbacks in the trace");
    } finally {
      stdin.close();
    }
  }
}
