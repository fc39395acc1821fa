package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.HorizonConfig;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.HorizonProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Horizon fixture (fixtures/horizon: one freestanding program, packed as NRO and NSO) analyzed,
 * lifted, compiled and run in-process under the Horizon personality: its OutputDebugString stream
 * and exit status must equal what the same program logic printed on Linux under qemu (the golden
 * scripts/build-horizon-fixtures.sh records), with no interpreter fallback.
 */
class HorizonFixtureRunTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));
  private static final Path FIXTURES = ROOT.resolve("fixtures/horizon");

  /** The SVCs the program is written to exercise; each must show up in the trace. */
  private static final Set<String> EXERCISED =
      Set.of(
          "SetHeapSize",
          "MapMemory",
          "UnmapMemory",
          "QueryMemory",
          "ExitProcess",
          "CreateThread",
          "StartThread",
          "ExitThread",
          "SleepThread",
          "CloseHandle",
          "WaitSynchronization",
          "ArbitrateLock",
          "ArbitrateUnlock",
          "GetSystemTick",
          "ConnectToNamedPort",
          "SendSyncRequest",
          "OutputDebugString",
          "GetInfo");

  @ParameterizedTest
  @ValueSource(strings = {"demo.nro", "demo.nso"})
  void runsLikeTheOracle(String file) throws Exception {
    GuestImage image = Images.read(FIXTURES.resolve("bin").resolve(file));
    ProgramAnalysis analysis = Analysis.analyze(image, TitleConfig.empty());
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(ProgramCompiler.functions(image, analysis));
    ByteArrayOutputStream debug = new ByteArrayOutputStream();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    HorizonConfig config =
        HorizonConfig.builder()
            .debugOutput(debug)
            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
            .argv(file)
            .build();
    try (HorizonProcess process = HorizonLoader.load(image, config, file)) {
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      InterpreterFallback fallback =
          new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory()));
      Termination end =
          process.run(
              cpu ->
                  new GuestContext(cpu, process.memory(), process, loader.dispatchTable(), fallback)
                      .runFrom(cpu.pc));
      String name = file.substring(0, file.indexOf('.'));
      assertEquals(
          Files.readString(FIXTURES.resolve("golden").resolve(name + ".stdout")),
          debug.toString(StandardCharsets.UTF_8),
          diagnostics.toString(StandardCharsets.UTF_8));
      assertEquals(
          Integer.parseInt(Files.readString(FIXTURES.resolve("golden/" + name + ".exit")).trim()),
          end.exitStatus(),
          end.message());
      assertEquals(0, fallback.blocks(), "interpreter fallbacks");
      assertEquals(0, process.trace().fallbackCount(), "fallbacks in the trace");
      Set<String> called = process.trace().syscallCounts().keySet();
      assertTrue(called.containsAll(EXERCISED), "SVCs not exercised: " + diff(EXERCISED, called));
      assertEquals("sm:", process.ipcTrace().getFirst().service());
    }
  }

  private static Set<String> diff(Set<String> want, Set<String> have) {
    return want.stream()
        .filter(s -> !have.contains(s))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }
}
