package dev.recomp.validation;

import static dev.recomp.validation.TestCaptures.capture;
import static dev.recomp.validation.TestCaptures.result;
import static dev.recomp.validation.TestCaptures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TraceAndTriageTest {
  // A qemu -strace log: pid prefix, no PCs, host-dependent pointers and brk.
  static final String[] QEMU = {
    "8972 brk(NULL) = 0x0000000000498000",
    "8972 openat(AT_FDCWD,\"out.txt\",O_WRONLY|O_CREAT|O_TRUNC,0666) = 4",
    "8972 write(4,0x499160,3) = 3",
    "8972 close(4) = 0",
    "8972 write(1,0x499160,6) = 6",
    "8972 exit_group(0)"
  };

  // Our runtime's trace of the same run: PCs, other pointers, a different brk.
  static final String[] OURS = {
    "pc=0x400100 brk(NULL) = 0x0000000010000000",
    "pc=0x400200 openat(AT_FDCWD,\"out.txt\",O_WRONLY|O_CREAT|O_TRUNC,0666) = 4",
    "pc=0x400210 write(4,0x7fff0000,3) = 3",
    "pc=0x400220 close(4) = 0",
    "pc=0x400230 write(1,0x7fff0000,6) = 6",
    "pc=0x400240 exit_group(0)"
  };

  @Test
  void normalizedTracesFromDifferentTracersAreEqual() {
    ValidationReport r = validate(capture().trace(OURS).build(), capture().trace(QEMU).build());
    assertEquals("pass", result(r, "syscall-trace").status());
    assertEquals(Verdict.PASS, r.verdict());
  }

  @Test
  void withoutNormalizationTheyDiffer() {
    Gates raw = Gates.fromJson(TestJson.object("{\"trace_drop\": [], \"trace_mask\": []}"), "test");
    ValidationReport r =
        Validator.validate(capture().trace(OURS).build(), capture().trace(QEMU).build(), raw);
    CheckResult c = result(r, "syscall-trace");
    assertEquals("fail", c.status());
    assertEquals(0x400100L, c.triage().evidence().pc());
  }

  @Test
  void traceMissingOnOneSideIsSkipped() {
    ValidationReport r = validate(capture().trace(OURS).build(), capture().build());
    assertEquals("skipped", result(r, "syscall-trace").status());
  }

  @Test
  void differentArgumentsAreSemanticsWithTheDivergentPc() {
    String[] wrong = OURS.clone();
    wrong[4] = "pc=0x400230 write(1,0x7fff0000,7) = 7";
    ValidationReport r =
        validate(capture().stdout("hello!\n").trace(wrong).build(), capture().trace(QEMU).build());
    CheckResult trace = result(r, "syscall-trace");
    assertEquals(Category.SEMANTICS, trace.triage().category());
    assertEquals("trace event 3", trace.triage().evidence().where());
    // The stdout failure carries the divergent PC the trace found.
    CheckResult stdout = result(r, "stdout-bytes");
    assertEquals(0x400230L, stdout.triage().evidence().pc());
    assertEquals(Category.SEMANTICS, stdout.triage().category());
    assertEquals(0x400230L, r.firstDivergentPc());
  }

  @Test
  void sameCallWithAnotherResultIsSyscall() {
    String[] wrong = OURS.clone();
    wrong[1] = "pc=0x400200 openat(AT_FDCWD,\"out.txt\",O_WRONLY|O_CREAT|O_TRUNC,0666) = -2";
    ValidationReport r =
        validate(capture().exit(1).trace(wrong).build(), capture().trace(QEMU).build());
    CheckResult exit = result(r, "exit-status");
    assertEquals(Category.SYSCALL, exit.triage().category());
    assertEquals(0x400200L, exit.triage().evidence().pc());
  }

  @Test
  void decodeFaultWinsTriage() {
    Fault trap = new Fault(Fault.Kind.UNDEFINED_INSTRUCTION, 0x401abcL, "encoding 0x00000000");
    ValidationReport r =
        validate(capture().stdout("").exit(132).fault(trap).build(), capture().build());
    CheckResult stdout = result(r, "stdout-bytes");
    assertEquals(Category.DECODE, stdout.triage().category());
    assertEquals(0x401abcL, stdout.triage().evidence().pc());
    assertEquals("fail", result(r, "runtime-faults").status());
    assertEquals(java.util.Map.of(Category.DECODE, 3), r.triageCounts());
  }

  @Test
  void dispatchMissAloneNeedsReview() {
    Fault miss = new Fault(Fault.Kind.DISPATCH_MISS, 0x400800L, "target 0x402000 not discovered");
    ValidationReport r = validate(capture().fault(miss).build(), capture().build());
    assertEquals(Verdict.NEEDS_REVIEW, r.verdict());
    assertEquals(Category.DISCOVERY_DISPATCH, result(r, "runtime-faults").triage().category());
  }

  @Test
  void traceLinesParse() {
    TraceEvent e = TraceEvent.parse("123 pc=0xABC write(1,0x4,2) = 2", "t");
    assertEquals(0xabcL, e.pc());
    assertEquals("write", e.name());
    assertEquals("pc=0xabc write(1,0x4,2) = 2", e.toLine());
    assertThrows(ValidationException.class, () -> TraceEvent.parse("pc=0x12 ", "t:3"));
  }

  @Property(tries = 500)
  void anyLineParsesOrIsAOneLineError(@ForAll String line) {
    try {
      TraceEvent e = TraceEvent.parse(line, "trace.txt:1");
      assertFalse(e.call().isBlank());
      assertEquals(e.call().strip(), e.call());
    } catch (ValidationException e) {
      assertTrue(e.getMessage().startsWith("trace.txt:1: not a trace event"), e.getMessage());
    }
  }

  @Test
  void disabledChecksAreSkippedAndUnknownOnesRejected() {
    Gates g = Gates.fromJson(TestJson.object("{\"disabled_checks\": [\"stdout-bytes\"]}"), "t");
    ValidationReport r = Validator.validate(capture().stdout("x").build(), capture().build(), g);
    assertEquals("skipped", result(r, "stdout-bytes").status());
    assertEquals(Verdict.PASS, r.verdict());
    Gates bad = Gates.fromJson(TestJson.object("{\"disabled_checks\": [\"nope\"]}"), "t");
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () -> Validator.validate(capture().build(), capture().build(), bad));
    assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
  }
}
