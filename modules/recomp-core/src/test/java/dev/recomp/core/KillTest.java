package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.RunManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed mid-stage leaves nothing that a re-run would mistake for a finished result. */
class KillTest {
  @TempDir Path dir;

  static final String SLOW_BUILD =
      Project.BUILD.replace(
          "[\"sh\", \"-c\", \"",
          "[\"sh\", \"-c\", \"printf partial > {stage_dir}/app; while [ -e {config_dir}/hold ]; do sleep 0.1; done; ");

  @Test
  void killedChildJvmThenRerunGivesTheSameArtifacts() throws Exception {
    Project killed = new Project(dir.resolve("killed")).with("build", SLOW_BUILD);
    killed.write("hold", "");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AutomateMain.class.getName(),
                killed.config().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    Path partial = killed.work().resolve("build/app");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.isRegularFile(partial) && System.nanoTime() < deadline) {
      assertTrue(child.isAlive(), () -> "child ended early: " + read(dir.resolve("child.log")));
      Thread.sleep(50);
    }
    assertTrue(Files.isRegularFile(partial), "the build stage never started");
    AutomationException busy = assertThrows(AutomationException.class, killed::automate);
    assertTrue(
        busy.getMessage()
            .contains("is in use by another recomp automate (pid " + child.pid() + ")"),
        busy.getMessage());
    List<ProcessHandle> descendants = child.descendants().toList();
    child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    descendants.forEach(ProcessHandle::destroyForcibly);
    assertFalse(Files.exists(killed.work().resolve("run-manifest.json")));
    Files.delete(killed.dir.resolve("hold"));

    RunManifest rerun = killed.automate();
    assertEquals(RunManifest.Outcome.PASSED, rerun.outcome());
    assertEquals(2, step(rerun, StageName.BUILD).stageAttempt(), "the killed execution counts");
    assertTrue(
        step(rerun, StageName.INTAKE).cacheHit(), "stages finished before the kill are reused");

    Project clean = new Project(dir.resolve("clean")).with("build", SLOW_BUILD);
    RunManifest reference = clean.automate();
    assertEquals(reference.artifacts(), rerun.artifacts());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
