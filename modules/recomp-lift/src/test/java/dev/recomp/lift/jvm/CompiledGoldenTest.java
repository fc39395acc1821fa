package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.Block;
import dev.recomp.lift.oracle.GoldenFile;
import dev.recomp.lift.oracle.LiftedRunner;
import dev.recomp.lift.oracle.Oracle;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hermetic: the oracle-recorded goldens that LiftGoldenTest replays through the interpreter, run
 * through the JVM backend instead. Each case's words become one compiled function of one block per
 * instruction, so the backend sees the IR exactly as the lifter builds it (SUBS, CMP with an
 * immediate, CCMP, ADCS, B.cond, CSEL, ...). Every register, NZCV included, the signal, the PC and
 * every written byte must equal what qemu recorded.
 *
 * <p>Every case runs, loads and stores included: tagged pointers, faults, exclusives and the
 * alignment of acquire and release accesses must come out as qemu recorded them.
 */
class CompiledGoldenTest {

  @Test
  void everyGoldenMatchesCompiled() throws IOException {
    A64Lifter lifter = A64Lifter.standard();
    List<String> failures;
    List<GoldenFile.Golden> all = GoldenFile.recorded();
    try (TestProcess process = new TestProcess(Long.MAX_VALUE);
        LiftedRunner runner =
            new LiftedRunner((words, cpu, memory) -> run(lifter, words, cpu, memory, process))) {
      failures = runner.mismatches(all);
    }
    assertTrue(all.size() > 1000, "expected the recorded goldens, found " + all.size());
    assertEquals(List.of(), failures);
  }

  private static List<Block> lift(A64Lifter lifter, int[] words) {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      blocks.add(lifter.liftInstruction(Oracle.SLOT + 4L * i, words[i]));
    }
    return blocks;
  }

  /** Compiles the words as one function at the slot and runs it until control leaves them. */
  private static int run(
      A64Lifter lifter, int[] words, CpuState cpu, GuestMemory memory, TestProcess process) {
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(List.of(GuestFunction.of(Oracle.SLOT, "golden", lift(lifter, words))));
    GeneratedClassLoader loader =
        new GeneratedClassLoader(classes, CompiledGoldenTest.class.getClassLoader());
    cpu.budget = Long.MAX_VALUE;
    // Control that leaves the function asks the dispatch table for its target: stop there.
    GuestContext ctx =
        new GuestContext(cpu, memory, process, loader.dispatchTable(), (c, pc) -> pc);
    try {
      cpu.pc = ctx.call(Oracle.SLOT);
      return LiftedRunner.signalOnLeaving(cpu.pc);
    } catch (GuestExit exit) {
      // A trap among the words: BRK is SIGTRAP, every other one an illegal instruction.
      Termination t = exit.termination();
      return switch (t.kind()) {
        case SIGNALED -> t.exitStatus() - 128;
        case ILLEGAL_INSTRUCTION -> Signals.SIGILL;
        default -> throw exit;
      };
    }
  }
}
