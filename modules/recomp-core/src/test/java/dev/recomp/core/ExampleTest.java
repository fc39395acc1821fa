package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs examples/hello as the README does, with every stage built in: intake, analysis, lift, build
 * (a runnable jar), run/capture (java -jar in a sandbox), validate against the qemu-recorded
 * goldens, archive. A second run is all cache hits; a run in another work root builds the same jar.
 */
class ExampleTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));

  @TempDir Path dir;

  /** Copies examples/hello and the fixtures it names under {@code base}; returns its config. */
  static Path copyExample(Path base) throws Exception {
    return copyExample(
        base,
        "hello",
        "bin/hello-musl-O2",
        "golden/hello-musl-O2.stdout",
        "golden/hello-musl-O2.stderr",
        "golden/hello-musl-O2.exit");
  }

  /** Copies examples/NAME and the named files under fixtures/ into {@code base}. */
  static Path copyExample(Path base, String name, String... fixtures) throws Exception {
    Path example = base.resolve("examples").resolve(name);
    Files.createDirectories(example);
    Files.copy(
        ROOT.resolve("examples").resolve(name).resolve("automation.toml"),
        example.resolve("automation.toml"));
    for (String fixture : fixtures) {
      Path copy = base.resolve("fixtures").resolve(fixture);
      Files.createDirectories(copy.getParent());
      Files.copy(ROOT.resolve("fixtures").resolve(fixture), copy);
    }
    return example.resolve("automation.toml");
  }

  /** The packed Switch fixtures (NRO, and the same program as an LZ4-compressed NSO). */
  @ParameterizedTest
  @ValueSource(strings = {"nro", "nso"})
  void horizonDemoValidatesAgainstItsGolden(String format) throws Exception {
    Path config =
        copyExample(
            dir,
            "horizon-demo",
            "horizon/bin/demo." + format,
            "horizon/golden/demo.stdout",
            "horizon/golden/demo.exit");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("demo.nro", "demo." + format)
            .replace("format = \"nro\"", "format = \"" + format + "\""));
    RunManifest m = Recomp.automate(config);
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(
        Files.readString(ROOT.resolve("fixtures/horizon/golden/demo.stdout")),
        Files.readString(dir.resolve(".recomp-work/horizon-demo/run/stdout")));
  }

  @Test
  void helloExamplePassesEndToEndAndThenIsAllCacheHits() throws Exception {
    Path config = copyExample(dir.resolve("a"));
    RunManifest m = Recomp.automate(config);
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    for (StageName stage : StageName.values()) {
      assertEquals(StepRecord.Status.SUCCEEDED, step(m, stage).status(), stage.wire());
    }
    Path work = dir.resolve("a/.recomp-work/hello");
    assertEquals("hello, world\n", Files.readString(work.resolve("run/stdout")));
    assertTrue(Files.readString(work.resolve("lift/module.json")).contains("\"ir_sha256\""));
    assertTrue(
        Files.readString(work.resolve("run/runtime-trace.json"))
            .contains("\"fallback_count\" : 0"));
    assertTrue(Files.isRegularFile(work.resolve("validate/validation-report.json")));

    RunManifest again = Recomp.automate(config);
    assertEquals(RunManifest.Outcome.PASSED, again.outcome());
    for (StageName stage : StageName.values()) {
      assertTrue(step(again, stage).cacheHit(), stage.wire() + " should be a cache hit");
    }

    Path other = copyExample(dir.resolve("b"));
    assertEquals(RunManifest.Outcome.PASSED, Recomp.automate(other).outcome());
    assertArrayEquals(
        Files.readAllBytes(work.resolve("build/app.jar")),
        Files.readAllBytes(dir.resolve("b/.recomp-work/hello/build/app.jar")));
    assertArrayEquals(
        Files.readAllBytes(work.resolve("lift/module.json")),
        Files.readAllBytes(dir.resolve("b/.recomp-work/hello/lift/module.json")));
  }
}
