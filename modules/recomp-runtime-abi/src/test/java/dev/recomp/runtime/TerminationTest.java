package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every way a guest run ends maps to its exit status, with a report for the abnormal ones. */
class TerminationTest {
  /** A stand-in for recompiled code: runs "blocks" of {@code size} instructions forever. */
  private static GuestProcess.GuestEntry spin(GuestProcess p, int size) {
    return cpu -> {
      while (true) {
        cpu.pc += 4L * size;
        cpu.recordBranch(cpu.pc, cpu.pc - 4L * size);
        cpu.budget -= size;
        if (cpu.budget < 0) {
          p.budgetExpired(cpu);
        }
      }
    };
  }

  @Test
  void exitGroupGivesTheGuestStatusAndNoReport() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination t =
          g.process.run(
              cpu -> {
                cpu.x[0] = 7;
                cpu.x[8] = 94;
                g.process.supervisorCall(cpu, 0);
              });
      assertEquals(Termination.Kind.EXITED, t.kind());
      assertEquals(7, t.exitStatus());
      assertEquals("", g.diagnostics.toString(StandardCharsets.UTF_8));
      assertEquals(t, g.process.trace().termination());
    }
  }

  @Test
  void aFaultEndsWithSigsegvStatusAndAFullReport() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination t =
          g.process.run(
              cpu -> {
                cpu.pc = 0x400100;
                cpu.x[3] = 0xdead;
                cpu.recordBranch(0x400000, 0x400100);
                g.memory.load64(8);
              });
      assertEquals(Termination.Kind.FAULT, t.kind());
      assertEquals(139, t.exitStatus());
      String report = g.diagnostics.toString(StandardCharsets.UTF_8);
      assertTrue(
          report.contains(
              "guest fault: read of 8 bytes at 0x8 (unmapped) by pc 0x400100 (SIGSEGV)"),
          report);
      assertTrue(report.contains("x3   000000000000dead"), report);
      assertTrue(report.contains("0000000000400000 -> 0000000000400100"), report);
      assertEquals(
          1,
          g.process
              .trace()
              .toJson(new com.fasterxml.jackson.databind.ObjectMapper())
              .get("faults")
              .size());
    }
  }

  @Test
  void alignmentFaultsAreSigbus() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination t = g.process.run(cpu -> g.memory.compareAndExchange64(g.scratch + 1, 0, 1));
      assertEquals(135, t.exitStatus());
    }
  }

  @Test
  void instructionBudgetEndsTheGuestAfterTheLimit() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b.instructionLimit(3_000_000))) {
      Termination t = g.process.run(spin(g.process, 7));
      assertEquals(Termination.Kind.INSTRUCTION_BUDGET, t.kind());
      assertEquals(122, t.exitStatus());
      long ran = g.process.instructionsExecuted();
      assertTrue(ran >= 3_000_000 && ran < 3_000_000 + 7, "ran " + ran);
      assertTrue(g.diagnostics.toString(StandardCharsets.UTF_8).contains("instruction budget"));
    }
  }

  @Test
  void wallClockLimitEndsASpinningGuest() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b.wallClockLimit(Duration.ofMillis(200)))) {
      long t0 = System.nanoTime();
      Termination t = g.process.run(spin(g.process, 5));
      assertEquals(Termination.Kind.WALL_CLOCK, t.kind());
      assertEquals(124, t.exitStatus());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }
  }

  @Test
  void wallClockLimitCutsAHostSleepShort() throws Exception {
    try (GuestHarness g =
        new GuestHarness(b -> b.wallClockLimit(Duration.ofMillis(300)).hostTime())) {
      long t0 = System.nanoTime();
      Termination t =
          g.process.run(
              cpu -> {
                g.memory.store64(g.scratch, 3600);
                g.memory.store64(g.scratch + 8, 0);
                cpu.x[0] = g.scratch;
                cpu.x[1] = 0;
                cpu.x[8] = 101;
                g.process.supervisorCall(cpu, 0);
              });
      assertEquals(Termination.Kind.WALL_CLOCK, t.kind());
      assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "did not sleep an hour");
    }
  }

  @Test
  void strictModeEndsOnAnUnknownSyscall() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b.strictSyscalls(true))) {
      Termination t =
          g.process.run(
              cpu -> {
                cpu.x[8] = 1000;
                g.process.supervisorCall(cpu, 0);
              });
      assertEquals(Termination.Kind.UNKNOWN_SYSCALL, t.kind());
      assertEquals(121, t.exitStatus());
      assertTrue(t.message().contains("syscall 1000"), t.message());
    }
  }

  @Test
  void deepRecursionIsAGuestStackOverflowNotAJvmCrash() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b.jvmStackSize(4L << 20))) {
      Termination t = g.process.run(cpu -> recurse(cpu));
      assertEquals(Termination.Kind.FAULT, t.kind());
      assertEquals(139, t.exitStatus());
      assertTrue(t.message().startsWith("guest stack overflow"), t.message());
    }
  }

  private static long recurse(CpuState cpu) {
    cpu.sp -= 16;
    return recurse(cpu) + 1;
  }

  @Test
  void runtimeBugsAreInternalErrorsAndReturningFromEntryIsOne() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination t =
          g.process.run(
              cpu -> {
                throw new IllegalStateException("backend bug");
              });
      assertEquals(Termination.Kind.INTERNAL_ERROR, t.kind());
      assertEquals(125, t.exitStatus());
      assertTrue(t.message().contains("backend bug"));
    }
    // A process runs once: the second case needs a fresh one.
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination returned = g.process.run(cpu -> {});
      assertEquals(125, returned.exitStatus());
      assertTrue(returned.message().contains("returned without calling exit"));
    }
  }

  @Test
  void abortBySignalIs134() throws Exception {
    try (GuestHarness g = new GuestHarness(b -> b)) {
      Termination t =
          g.process.run(
              cpu -> {
                cpu.x[0] = 1000;
                cpu.x[1] = 1000;
                cpu.x[2] = Signals.SIGABRT;
                cpu.x[8] = 131;
                g.process.supervisorCall(cpu, 0);
              });
      assertEquals(Termination.Kind.SIGNALED, t.kind());
      assertEquals(134, t.exitStatus());
      assertTrue(g.diagnostics.toString(StandardCharsets.UTF_8).contains("killed by SIGABRT"));
    }
  }

  @Test
  void everyKindHasADistinctStatus() {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (Termination.Kind k : Termination.Kind.values()) {
      if (k.fixedStatus() >= 0) {
        assertTrue(seen.add(k.fixedStatus()), k.name());
      }
    }
  }
}
