package dev.recomp.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.isa.Decoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LiftCoverageTest {

  @Test
  void committedReportIsCurrent() throws IOException {
    Path committed = Path.of(System.getProperty("recomp.repo.root"), "docs/lift-coverage.md");
    assertEquals(
        LiftCoverage.report(Decoder.standard()),
        Files.readString(committed, StandardCharsets.UTF_8),
        "docs/lift-coverage.md is stale: run scripts/lift-coverage.sh");
  }
}
