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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/hello as the README does: built-in intake and analysis on a fixture; validation
 * uses the qemu-recorded goldens.
 */
class ExampleTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));

  @TempDir Path dir;

  @Test
  void helloExampleRunsAsFarAsTheStagesThatExist() throws Exception {
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
        Files.readString(dir.resolve(".recomp-work/hello/analysis/functions.json"))
            .contains("\"functions\""));
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
