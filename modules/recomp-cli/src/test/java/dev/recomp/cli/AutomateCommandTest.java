package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomateCommandTest {
  @TempDir Path dir;

  /** Lets another test build this project in its own directory. */
  AutomateCommandTest withDir(Path directory) {
    dir = directory;
    return this;
  }

  Path project(String extra) throws Exception {
    Files.copy(
        Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin/tiny"),
        dir.resolve("prog.elf"));
    Files.writeString(dir.resolve("expected.stdout"), "built\n");
    Path config = dir.resolve("automation.toml");
    Files.writeString(
        config,
        """
        schema_version = 1
        [inputs]
        binary = "prog.elf"
        [work]
        root = "work"
        [analysis]
        enabled = false
        [lift]
        command = ["sh", "-c", "cp {intake_dir}/inputs.json {stage_dir}/module.json"]
        outputs = ["module.json"]
        [build]
        command = ["sh", "-c", "printf '#!/bin/sh\\\\necho built\\\\n' > {stage_dir}/app; chmod +x {stage_dir}/app"]
        outputs = ["app"]
        [validate]
        reference_stdout = "expected.stdout"
        compare = ["stdout"]
        """
            + extra);
    return config;
  }

  @Test
  void runsThenHitsTheCacheAndSummarizes() throws Exception {
    Path config = project("");
    CliTest.Run first = CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(0, first.status(), first.err());
    assertTrue(first.err().contains("cache miss, executed"), first.err());
    assertTrue(first.out().contains("passed"), first.out());
    CliTest.Run second =
        CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(0, second.status(), second.err());
    assertTrue(second.out().contains("6 cached, 0 executed"), second.out());
    assertTrue(second.err().contains("run       cache hit"), second.err());
  }

  @Test
  void validationArtifactsReproducesTheAutomateReport() throws Exception {
    Path config = project("");
    Files.writeString(dir.resolve("expected.stdout"), "something else\n");
    CliTest.Run run = CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(1, run.status(), run.err());
    Path work = dir.resolve("work");
    CliTest.Run check = CliTest.run(new ValidationCommand(), "artifacts", work.toString());
    assertEquals(0, check.status(), check.out() + check.err());
    assertTrue(check.out().contains("reproduces the recorded report"), check.out());
    assertEquals(
        Files.readString(work.resolve("validate/validation-report.json")),
        Files.readString(work.resolve("revalidation/validation-report.json")));
    Files.writeString(work.resolve("validate/reference/stdout"), "tampered\n");
    CliTest.Run tampered = CliTest.run(new ValidationCommand(), "artifacts", work.toString());
    assertEquals(1, tampered.status());
    assertTrue(tampered.out().contains("hash_mismatch validate/reference/stdout"), tampered.out());
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    Path config = project("");
    CliTest.Run plan =
        CliTest.run(new RecompCommand(), "automate", "--config", config.toString(), "--dry-run");
    assertEquals(0, plan.status(), plan.err());
    assertTrue(plan.out().startsWith("intake    execute"), plan.out());
    assertTrue(!Files.exists(dir.resolve("work")), "a dry run creates nothing");
  }

  @Test
  void failedValidationExitsOneWithOneLine() throws Exception {
    Path config = project("");
    Files.writeString(dir.resolve("expected.stdout"), "something else\n");
    CliTest.Run r = CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(1, r.status());
    assertTrue(
        r.err()
            .lines()
            .anyMatch(l -> l.startsWith("recomp automate: run failed: validation failed")),
        r.err());
  }

  @Test
  void badConfigIsOneLineStatusOne() throws Exception {
    Path config = project("[run]\nargz = []\n");
    CliTest.Run r = CliTest.run(new RecompCommand(), "automate", "--config", config.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("run.argz: unknown key"), r.err());
  }

  @Test
  void unknownStageIsUsageError() throws Exception {
    Path config = project("");
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(), "automate", "--config", config.toString(), "--until", "link");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("unknown stage 'link'"), r.err());
  }
}
