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

  @TempDir Path sandbox;

  /** Every run of fixtures/runs.tsv but the process fixtures, which ProcessFixtureRunTest runs. */
  static List<String> runs() throws java.io.IOException {
    return FixtureRun.names().stream()
        .filter(run -> !ProcessFixtureRunTest.RUNS.contains(run))
        .toList();
  }

  @ParameterizedTest
  @MethodSource("runs")
  void runsLikeQemu(String name) throws Exception {
    FixtureRun run = FixtureRun.of(name);
    String binary = run.binary();
    List<String> argv = run.argv();
    InputStream stdin =
        run.stdin() == null
            ? new ByteArrayInputStream(new byte[0])
            : Files.newInputStream(run.stdin());
    GuestImage image = Images.read(run.binaryPath());
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
            .execPath(run.binaryPath().toAbsolutePath().toString())
            .build();
    try (LinuxProcess process = LinuxLoader.load(image, config, binary)) {
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      InterpreterFallback fallback =
          new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory()));
      GuestContext ctx =
          new GuestContext(
              process.mainThread(), process.memory(), process, loader.dispatchTable(), fallback);
      Termination end = process.run(cpu -> ctx.runFrom(process.layout().entry()));
      assertEquals(
          run.goldenExit(),
          end.exitStatus(),
          end.message() + "; stderr: " + err.toString(StandardCharsets.UTF_8));
      assertEquals(run.golden("stdout"), out.toString(StandardCharsets.UTF_8));
      assertEquals(run.golden("stderr"), err.toString(StandardCharsets.UTF_8));
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
