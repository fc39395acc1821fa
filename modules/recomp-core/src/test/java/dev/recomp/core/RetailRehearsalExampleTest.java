package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.intake.Provenance;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/retail-rehearsal: its provenance pins the current fixture, its approvals are for that
 * binary, and in hybrid mode its first gated stage is refused without them and planned with them.
 */
class RetailRehearsalExampleTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));

  @TempDir Path dir;

  @Test
  void theExampleIsCurrentAndItsGatesHold() throws Exception {
    Path example = dir.resolve("examples/retail-rehearsal");
    Files.createDirectories(example);
    for (String file : List.of("automation.toml", "provenance.toml", "approvals.json")) {
      Files.copy(ROOT.resolve("examples/retail-rehearsal").resolve(file), example.resolve(file));
    }
    Path binary = dir.resolve("fixtures/bin/hello-musl-O2");
    Files.createDirectories(binary.getParent());
    Files.copy(ROOT.resolve("fixtures/bin/hello-musl-O2"), binary);
    for (String golden : List.of("stdout", "stderr", "exit")) {
      Path copy = dir.resolve("fixtures/golden/hello-musl-O2." + golden);
      Files.createDirectories(copy.getParent());
      Files.copy(ROOT.resolve("fixtures/golden/hello-musl-O2." + golden), copy);
    }
    Path config = example.resolve("automation.toml");

    AutomationConfig c = Recomp.loadConfig(config);
    assertEquals(AutomationConfig.Track.RETAIL_PILOT, c.track());
    assertEquals("retail-strict", RedactionProfile.of(c).name());
    assertEquals(1, Provenance.load(example.resolve("provenance.toml")).verify().size());

    Path approvals = example.resolve("approvals.json");
    var tree = Json.parse(Files.readAllBytes(approvals), "approvals.json");
    assertEquals(List.of(), Schema.named("approvals.schema.json").violations(tree));
    for (var entry : tree.get("approvals")) {
      assertEquals(Sha256.of(binary), entry.get("binary_sha256").asText());
    }

    assertEquals(
        PlannedStage.Action.REFUSED,
        Recomp.plan(config, AutomateOptions.defaults()).get(1).action());
    assertEquals(
        PlannedStage.Action.EXECUTE,
        Recomp.plan(config, AutomateOptions.defaults().withApprovals(Set.of(), approvals))
            .get(1)
            .action());
  }
}
