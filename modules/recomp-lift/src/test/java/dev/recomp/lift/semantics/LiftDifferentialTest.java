package dev.recomp.lift.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.isa.Decoder;
import dev.recomp.isa.Disassembler;
import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.oracle.Comparison;
import dev.recomp.lift.oracle.InstructionFuzzer;
import dev.recomp.lift.oracle.LiftedRunner;
import dev.recomp.lift.oracle.Oracle;
import dev.recomp.lift.oracle.OracleCase;
import dev.recomp.lift.oracle.OracleResult;
import dev.recomp.lift.oracle.StateGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Oracle fuzzing: random instructions of every implemented row, random states, run by qemu and by
 * our lifter + interpreter, compared in full. Seed and count come from {@code
 * recomp.lift.fuzz.seed} and {@code recomp.lift.fuzz.count}.
 */
@Tag("differential")
class LiftDifferentialTest {
  private static final int BATCH = 2_000;

  @Test
  void liftedSemanticsAgreeWithQemu() {
    long seed = Long.getLong("recomp.lift.fuzz.seed", 20261123L);
    int count = Integer.getInteger("recomp.lift.fuzz.count", 200_000);
    Decoder decoder = Decoder.standard();
    A64Lifter lifter = new A64Lifter(decoder);
    InstructionFuzzer fuzzer =
        new InstructionFuzzer(
            decoder, A64Lifter.implementedEncodings(), new SplittableRandom(seed));
    Oracle oracle = new Oracle(Oracle.repoRoot());
    Map<String, Integer> perRow = new TreeMap<>();
    List<String> mismatches = new ArrayList<>();
    int failed = 0;
    int artefacts = 0;
    try (LiftedRunner runner = new LiftedRunner(lifter::liftInstruction)) {
      for (int done = 0; done < count; done += BATCH) {
        List<OracleCase> cases = new ArrayList<>();
        for (int i = 0; i < Math.min(BATCH, count - done); i++) {
          cases.add(fuzzer.next());
        }
        List<OracleResult> expected = oracle.run(cases);
        for (int i = 0; i < cases.size(); i++) {
          OracleCase c = cases.get(i);
          var insn = decoder.decode(Oracle.SLOT, c.words()[0]);
          String row = insn instanceof dev.recomp.isa.Insn.Op op ? op.encoding().name() : "?";
          perRow.merge(row, 1, Integer::sum);
          OracleResult ours = runner.run(c);
          if (ours.signal() != expected.get(i).signal()
              && StateGenerator.insideOracleImage(ours.faultAddress())) {
            // A computed address (base + scaled offset) inside the oracle's own image: qemu has
            // memory there, the bare address space of our runner does not.
            artefacts++;
            continue;
          }
          List<String> d = Comparison.differences(expected.get(i), ours);
          if (!d.isEmpty()) {
            failed++;
            if (mismatches.size() < 5) {
              System.out.println(
                  "MISMATCH INPUT "
                      + dev.recomp.lift.oracle.GoldenFile.format("", c, expected.get(i)));
            }
            if (mismatches.size() < 40) {
              mismatches.add(
                  String.format(
                      "%08x %-28s %s",
                      c.words()[0], Disassembler.format(insn), String.join("; ", d)));
            }
          }
        }
      }
    }
    System.out.printf(
        "lift differential: seed %d, %d instructions, %d rows, %d mismatches,"
            + " %d accesses inside the oracle's image not compared%n",
        seed, count, perRow.size(), failed, artefacts);
    System.out.println("lift differential per row: " + perRow);
    mismatches.forEach(m -> System.out.println("MISMATCH " + m));
    assertEquals(
        0,
        failed,
        "mismatches against qemu (seed " + seed + "):\n" + String.join("\n", mismatches));
  }
}
