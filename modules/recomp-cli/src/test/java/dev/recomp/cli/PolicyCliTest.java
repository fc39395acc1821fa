package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.ModelRequestEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recomp automate --approve/--approvals} in hybrid mode and {@code recomp envelope}. */
class PolicyCliTest {
  @TempDir Path dir;

  Path hybrid() throws Exception {
    Path config = new AutomateCommandTest().withDir(dir).project("");
    Files.writeString(
        config,
        Files.readString(config)
            + "[policy]\nexecution_mode = \"hybrid\"\nallowed_models = [\"m1\"]\n");
    return config;
  }

  @Test
  void aGatedStageIsRefusedWithAClearMessageUntilApproved() throws Exception {
    Path config = hybrid();
    CliTest.Run refused =
        CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(1, refused.status(), refused.err());
    assertTrue(
        refused
            .err()
            .contains(
                "recomp automate: run incomplete: archive refused: approval required: archive is"
                    + " gated in hybrid mode"),
        refused.err());
    CliTest.Run approved =
        CliTest.run(
            new RecompCommand(), "automate", "--config", config.toString(), "--approve", "archive");
    assertEquals(0, approved.status(), approved.err());
    assertTrue(
        approved.out().contains("(hybrid, redaction homebrew-default v1, approved: archive)"),
        approved.out());
    assertTrue(
        Files.readString(dir.resolve("work/run-manifest.json")).contains("\"source\": \"flag\""));
  }

  @Test
  void envelopeIsWrittenUnderTheRunsPolicy() throws Exception {
    Path config = hybrid();
    CliTest.run(
        new RecompCommand(),
        "automate",
        "--config",
        config.toString(),
        "--approve",
        "analysis,archive");
    CliTest.Run ok =
        CliTest.run(
            new RecompCommand(),
            "envelope",
            "--work-root",
            dir.resolve("work").toString(),
            "--stage",
            "analysis",
            "--model",
            "m1",
            "--purpose",
            "Name the functions.",
            "--artifact",
            "lift/module.json",
            "--response-schema",
            "https://recomp.dev/schemas/name-map.schema.json");
    assertEquals(0, ok.status(), ok.err());
    ModelRequestEnvelope e = ModelRequestEnvelope.read(Path.of(ok.out().strip()));
    assertEquals("lift/module.json", e.inputArtifacts().getFirst().ref());
    CliTest.Run forbidden =
        CliTest.run(
            new RecompCommand(),
            "envelope",
            "--work-root",
            dir.resolve("work").toString(),
            "--stage",
            "analysis",
            "--model",
            "m9",
            "--purpose",
            "x",
            "--response-schema",
            "https://recomp.dev/schemas/name-map.schema.json");
    assertEquals(1, forbidden.status());
    assertEquals(
        "recomp envelope: model \"m9\" is not in the policy's allowed_models [m1]",
        forbidden.err().strip());
  }
}
