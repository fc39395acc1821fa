package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  private static Path fixture(String name) {
    return Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin", name);
  }

  @Test
  void exitsWithTheGuestStatus() {
    CliTest.Run r = CliTest.run(new RecompCommand(), "run", fixture("tiny").toString());
    assertEquals(42, r.status(), r.err());
  }

  @Test
  void missingBinaryIsOneLineAndStatus1() {
    CliTest.Run r = CliTest.run(new RecompCommand(), "run", "/nonexistent/program");
    assertEquals(1, r.status(), r.err());
    assertTrue(r.err().contains("/nonexistent/program"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }
}
