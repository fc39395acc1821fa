package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path cache;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin", name);
  }

  @Test
  void exitsWithTheGuestStatus() {
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(),
            "run",
            "--cache-dir",
            cache.toString(),
            fixture("tiny").toString());
    assertEquals(42, r.status(), r.err());
  }

  @Test
  void theSecondRunReusesTheCachedJar() throws Exception {
    String[] args = {"run", "--cache-dir", cache.toString(), fixture("tiny").toString()};
    assertEquals(42, CliTest.run(new RecompCommand(), args).status());
    List<Path> jars;
    try (Stream<Path> files = Files.list(cache)) {
      jars = files.toList();
    }
    assertEquals(1, jars.size(), jars.toString());
    FileTime before = Files.getLastModifiedTime(jars.getFirst());
    Files.setLastModifiedTime(jars.getFirst(), FileTime.fromMillis(0));
    assertEquals(42, CliTest.run(new RecompCommand(), args).status());
    assertEquals(
        FileTime.fromMillis(0), Files.getLastModifiedTime(jars.getFirst()), before.toString());
  }

  @Test
  void missingBinaryIsOneLineAndStatus1() {
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(), "run", "--cache-dir", cache.toString(), "/nonexistent/program");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("/nonexistent/program"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
