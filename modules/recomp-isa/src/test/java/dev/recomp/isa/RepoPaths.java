package dev.recomp.isa;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root that surefire passes as {@code recomp.repo.root}. */
final class RepoPaths {
  private RepoPaths() {}

  static Path root() {
    String root = System.getProperty("recomp.repo.root");
    assertNotNull(
        root, "system property recomp.repo.root is not set (run the tests through Maven)");
    Path path = Path.of(root);
    assertTrue(Files.isDirectory(path), "recomp.repo.root is not a directory: " + path);
    return path;
  }
}
