package dev.recomp.runtime;

import dev.recomp.intake.ElfReader;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.IntakeException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Committed fixture files, found through the {@code recomp.repo.root} system property. */
final class Fixtures {
  private Fixtures() {}

  static Path root() {
    String root = System.getProperty("recomp.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property recomp.repo.root is not set (surefire sets it)");
    }
    return Path.of(root);
  }

  static Path path(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("fixture " + p + " is missing");
    }
    return p;
  }

  static GuestImage image(String relative) throws IntakeException {
    return ElfReader.read(path(relative));
  }
}
