package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The fork benchmark (scripts/bench-forks.sh): fixtures/bin/forks-musl-O2, recompiled, forks and
 * reaps N children (default 1000) that exit at once; prints the wall time of the run, compilation
 * excluded, for a few rounds.
 */
public final class ForkBenchmark {
  private ForkBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    String children = args.length > 1 ? args[1] : "1000";
    Path binary = root.resolve("fixtures/bin/forks-musl-O2");
    GuestImage image = Images.read(binary);
    long compileStart = System.nanoTime();
    CompiledProgram program = CompiledProgram.compile(image);
    System.out.printf(
        Locale.ROOT, "compiled %s in %.2f s%n", binary, (System.nanoTime() - compileStart) / 1e9);
    for (int round = 1; round <= 3; round++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      LinuxConfig config =
          LinuxConfig.builder(List.of("forks-musl-O2", children))
              .stdio(new ByteArrayInputStream(new byte[0]), out, System.err)
              .build();
      long start = System.nanoTime();
      Termination end;
      try (LinuxProcess process = LinuxLoader.load(image, config, binary.toString())) {
        end = process.run(program);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: %s children in %.2f s (%.2f ms per fork+wait), exit %d: %s",
          round,
          children,
          seconds,
          seconds * 1000 / Integer.parseInt(children),
          end.exitStatus(),
          out.toString(StandardCharsets.UTF_8));
    }
  }
}
