package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real Switch homebrew of the shared corpus: discovery on an NRO without symbols or FDEs. */
class RealBinariesTest {
  /** ../shared/corpus next to the repository (or next to a parent, for a worktree). */
  static Path realNro() {
    Path relative = Path.of("shared/corpus/reboot_to_payload.nro");
    for (Path dir = Fixtures.root().toAbsolutePath().getParent();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(
        "../shared/corpus/reboot_to_payload.nro is missing next to "
            + Fixtures.root()
            + ": the real-NRO tests need the shared corpus");
  }

  @Test
  void discoversTheNro() throws Exception {
    GuestImage image = Images.read(realNro());
    ProgramAnalysis analysis = Analysis.analyze(image, TitleConfig.empty());
    double coverage = (double) analysis.coveredBytes() / analysis.codeBytes();
    System.out.printf(
        "reboot_to_payload.nro: %d functions, %d jump tables, %d unresolved, %.1f%% of text in blocks%n",
        analysis.functions().size(),
        analysis.jumpTables().size(),
        analysis.unresolved().size(),
        100 * coverage);
    assertTrue(analysis.functions().size() > 400, analysis.functions().size() + " functions");
    assertTrue(coverage > 0.7, "coverage " + coverage);
    assertTrue(
        analysis.functions().stream().anyMatch(f -> f.start() == image.entry()), "entry found");
    assertEquals(
        List.of(),
        analysis.unresolved().stream()
            .filter(u -> u.kind() == UnresolvedTarget.Kind.UNDECODABLE)
            .toList(),
        "reached code decodes");
  }
}
