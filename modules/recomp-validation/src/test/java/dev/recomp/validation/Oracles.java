package dev.recomp.validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds live oracles for the differential tests, failing with what to install when absent. */
final class Oracles {
  private Oracles() {}

  /** The absolute path of {@code name} on PATH; fails naming the package to install. */
  static Path require(String name, String install) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    name + " is not installed: run scripts/install-oracles.sh (" + install + ")"));
  }

  /** A fixture file under the repository root; fails clearly when absent. */
  static Path fixture(String relative) {
    Path p = ReportTest.repoRoot().resolve("fixtures").resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError(p + " is missing: merge main, or run scripts/build-fixtures.sh");
    }
    return p;
  }
}
