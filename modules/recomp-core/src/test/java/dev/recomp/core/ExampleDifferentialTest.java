package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/hello with the live tool it names (aarch64-linux-gnu-objdump for the analysis
 * hook); validation uses the qemu-recorded goldens.
 */
@Tag("differential")
class ExampleDifferentialTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));

  @TempDir Path dir;

  @Test
  void helloExampleRunsAsFarAsTheStagesThatExist() throws Exception {
    for (String tool : new String[] {"aarch64-linux-gnu-objdump"}) {
      assertTrue(
          Stream.of("/usr/bin", "/usr/local/bin")
              .anyMatch(d -> Files.isExecutable(Path.of(d, tool))),
          tool + " is missing: run scripts/install-oracles.sh");
    }
    Path example = dir.resolve("examples/hello");
    Files.createDirectories(example);
    Files.copy(ROOT.resolve("examples/hello/automation.toml"), example.resolve("automation.toml"));
    for (String fixture :
        new String[] {
          "bin/hello-musl-O2",
          "golden/hello-musl-O2.stdout",
          "golden/hello-musl-O2.stderr",
          "golden/hello-musl-O2.exit"
        }) {
      Path copy = dir.resolve("fixtures").resolve(fixture);
      Files.createDirectories(copy.getParent());
      Files.copy(ROOT.resolve("fixtures").resolve(fixture), copy);
    }
    RunManifest m = Recomp.automate(example.resolve("automation.toml"));
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.INTAKE).status());
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.ANALYSIS).status());
    assertTrue(
        m.toolVersions().get("aarch64-linux-gnu-objdump").contains("GNU objdump"),
        m.toolVersions().toString());
    StepRecord lift = step(m, StageName.LIFT);
    if (lift.status() == StepRecord.Status.UNAVAILABLE) {
      assertEquals(RunManifest.Outcome.INCOMPLETE, m.outcome());
    } else {
      assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
      assertEquals(
          "hello, world\n", Files.readString(dir.resolve(".recomp-work/hello/run/stdout")));
    }
    try (Stream<Path> walk = Files.walk(dir.resolve(".recomp-work"))) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
