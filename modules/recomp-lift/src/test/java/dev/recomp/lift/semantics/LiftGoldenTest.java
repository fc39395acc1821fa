package dev.recomp.lift.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.isa.Decoder;
import dev.recomp.isa.Insn;
import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.oracle.GoldenFile;
import dev.recomp.lift.oracle.LiftedRunner;
import dev.recomp.lift.oracle.Oracle;
import java.io.IOException;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Hermetic: replays the oracle-recorded goldens ({@code goldens/a64.golden}) through our lifter and
 * interpreter. Every register (NZCV and FPSR included), the stop signal and PC, and every written
 * byte must match, and every implemented encoding row must have goldens.
 */
class LiftGoldenTest {
  private static List<GoldenFile.Golden> goldens() throws IOException {
    return GoldenFile.recorded();
  }

  @Test
  void everyGoldenMatches() throws IOException {
    A64Lifter lifter = A64Lifter.standard();
    List<String> failures;
    List<GoldenFile.Golden> all = goldens();
    try (LiftedRunner runner = new LiftedRunner(lifter::liftInstruction)) {
      failures = runner.mismatches(all);
    }
    assertTrue(all.size() > 1000, "expected the recorded goldens, found " + all.size());
    assertEquals(List.of(), failures);
  }

  /**
   * The same goldens with each case's words lifted in blocks as the translator lifts code, several
   * instructions to a block, which must compute what they compute one instruction at a time.
   */
  @Test
  void everyGoldenMatchesLiftedInWholeBlocks() throws IOException {
    List<GoldenFile.Golden> all = goldens();
    try (LiftedRunner runner = LiftedRunner.wholeBlocks(A64Lifter.standard())) {
      assertEquals(List.of(), runner.mismatches(all));
    }
  }

  @Test
  void everyImplementedRowHasGoldens() throws IOException {
    Decoder decoder = Decoder.standard();
    SortedSet<String> covered = new TreeSet<>();
    for (GoldenFile.Golden g : goldens()) {
      for (int word : g.input().words()) {
        if (decoder.decode(Oracle.SLOT, word) instanceof Insn.Op op) {
          covered.add(op.encoding().name());
        }
      }
    }
    SortedSet<String> missing = new TreeSet<>(A64Lifter.implementedEncodings());
    missing.removeAll(covered);
    missing.removeAll(RecordLiftGoldens.NOT_RECORDABLE);
    assertEquals(new TreeSet<String>(), missing, "implemented rows without goldens");
  }
}
