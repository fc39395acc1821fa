package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guest with a 4 GiB address space runs hello while the JVM's resident memory grows by less than
 * 64 MiB: the reservation is lazily committed, so only touched pages cost memory. Compilation
 * happens before the measurement; what is measured is the guest's own cost (load and run).
 */
class ResidentMemoryRunTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  /** VmRSS of this JVM from /proc/self/status, in bytes. */
  private static long residentBytes() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmRSS:"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no VmRSS line in /proc/self/status"))
        * 1024;
  }

  @Test
  void helloInAFourGibGuestStaysSmall() throws Exception {
    GuestImage image = Images.read(ROOT.resolve("fixtures/bin/hello-musl-O2"));
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(
            ProgramCompiler.functions(image, Analysis.analyze(image, TitleConfig.empty())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(List.of("hello-musl-O2"))
            .addressSpaceSize(4 * GIB)
            .stdio(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream())
            .build();

    long before = residentBytes();
    try (LinuxProcess process = LinuxLoader.load(image, config, "hello-musl-O2")) {
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      GuestContext ctx =
          new GuestContext(
              process.mainThread(),
              process.memory(),
              process,
              loader.dispatchTable(),
              new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory())));
      Termination end = process.run(cpu -> ctx.runFrom(process.layout().entry()));
      long grown = residentBytes() - before;

      assertEquals(0, end.exitStatus(), end.message());
      assertEquals(
          Files.readString(ROOT.resolve("fixtures/golden/hello-musl-O2.stdout")),
          out.toString(StandardCharsets.UTF_8));
      assertEquals(4 * GIB, process.memory().size());
      assertTrue(grown < 64 * MIB, "resident memory grew by " + grown / MIB + " MiB");
    }
  }
}
