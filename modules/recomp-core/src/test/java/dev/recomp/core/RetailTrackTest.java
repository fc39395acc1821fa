package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Sha256;
import dev.recomp.manifest.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retail-pilot track's guards: the work root stays out of git work trees, the provenance record
 * pins the binary by hash, and encrypted containers need the user's own unpacker.
 */
class RetailTrackTest {
  private static final Path TINY =
      Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin/tiny");

  @TempDir Path dir;

  private Project retail(String provenanceSha) {
    Project p = new Project(dir);
    String head =
        p.sections
            .get("head")
            .replace("track = \"homebrew\"", "track = \"retail-pilot\"")
            .replace("format = \"elf\"", "format = \"elf\"\nprovenance = \"provenance.toml\"");
    p.sections.put("head", head);
    p.write(
        "provenance.toml",
        """
        schema_version = 1

        [title]
        name = "tiny"
        track = "retail"

        [[inputs]]
        path = "prog.elf"
        sha256 = "%s"
        size = %d
        format = "elf"
        role = "main"
        """
            .formatted(provenanceSha, size(p.dir.resolve("prog.elf"))));
    return p;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPinnedBinaryPassesIntake() {
    Project p = retail(Sha256.of(TINY));
    RunManifest m = p.automate();
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.INTAKE).status());
  }

  @Test
  void aBinaryThatDiffersFromItsPinIsRefused() {
    Project p = retail("0".repeat(64));
    RunManifest m = p.automate();
    StepRecord intake = step(m, StageName.INTAKE);
    assertEquals(StepRecord.Status.FAILED, intake.status());
    assertTrue(intake.notes().toString().contains("run refused"), intake.notes().toString());
    assertEquals(StepRecord.Status.SKIPPED, step(m, StageName.LIFT).status());
  }

  @Test
  void aWorkRootInsideAGitWorkTreeIsRefused() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Project p = retail(Sha256.of(TINY));
    AutomationException e = assertThrows(AutomationException.class, p::automate);
    assertTrue(e.getMessage().contains("work.root"), e.getMessage());
    assertTrue(e.getMessage().contains("inside the git work tree " + dir), e.getMessage());
    assertTrue(Files.notExists(p.work()), "nothing written");
  }

  @Test
  void anXciNeedsTheUsersUnpacker() throws Exception {
    Project p = new Project(dir);
    byte[] xci = new byte[0x200];
    System.arraycopy("HEAD".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, xci, 0x100, 4);
    Files.write(dir.resolve("game.xci"), xci);
    p.sections.put(
        "head",
        p.sections
            .get("head")
            .replace("binary = \"prog.elf\"", "binary = \"game.xci\"")
            .replace("format = \"elf\"", "format = \"xci\""));
    StepRecord intake = step(p.automate(), StageName.INTAKE);
    assertEquals(StepRecord.Status.FAILED, intake.status());
    assertTrue(
        intake.notes().toString().contains("configure [intake] command"),
        intake.notes().toString());
  }
}
