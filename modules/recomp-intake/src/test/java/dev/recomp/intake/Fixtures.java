package dev.recomp.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The committed fixtures the intake tests read. */
final class Fixtures {
  private Fixtures() {}

  static Path repoRoot() {
    String root = System.getProperty("recomp.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property recomp.repo.root is not set (run via Maven)");
    }
    return Path.of(root);
  }

  /** Every ELF fixture: the shared fixtures/bin programs and intake's own static PIE. */
  static List<Path> elfBinaries() {
    Path root = repoRoot();
    try (Stream<Path> shared = Files.list(root.resolve("fixtures/bin"));
        Stream<Path> own = Files.list(root.resolve("fixtures/intake/bin"))) {
      return Stream.concat(shared, own).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path elf(String name) {
    return elfBinaries().stream()
        .filter(p -> p.getFileName().toString().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no ELF fixture " + name));
  }

  static byte[] bytes(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The real libnx NRO of the shared corpus, at ../shared/corpus next to the repository (for a
   * worktree, next to one of its parent directories); fails clearly if it is absent.
   */
  static Path realNro() {
    Path relative = Path.of("shared/corpus/reboot_to_payload.nro");
    for (Path dir = repoRoot().toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(
        "../shared/corpus/reboot_to_payload.nro is missing next to "
            + repoRoot()
            + ": the real-NRO tests need the shared corpus");
  }
}
