package dev.recomp.validation;

import static dev.recomp.validation.TestCaptures.capture;
import static dev.recomp.validation.TestCaptures.result;
import static dev.recomp.validation.TestCaptures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StreamChecksTest {
  @Test
  void identicalStreamsPass() {
    ValidationReport r = validate(capture().build(), capture().build());
    assertEquals(Verdict.PASS, r.verdict());
    assertEquals("pass", result(r, "stdout-bytes").status());
    assertEquals("pass", result(r, "stderr-bytes").status());
    assertEquals("pass", result(r, "exit-status").status());
    assertNull(r.firstDivergentPc());
  }

  @Test
  void stdoutDifferenceNamesFirstOffsetWithContext() {
    ValidationReport r =
        validate(
            capture().stdout("total: 42\nok\n").build(),
            capture().stdout("total: 43\nok\n").build());
    CheckResult c = result(r, "stdout-bytes");
    assertEquals("fail", c.status());
    assertEquals(Verdict.FAIL, r.verdict());
    assertEquals("stdout byte 8", c.triage().evidence().where());
    assertEquals("total: 43\\nok\\n", c.triage().evidence().expected());
    assertEquals("total: 42\\nok\\n", c.triage().evidence().actual());
    assertEquals(Category.SEMANTICS, c.triage().category());
  }

  @Test
  void truncatedStdoutDiffersAtItsEnd() {
    CheckResult c =
        result(
            validate(capture().stdout("ab").build(), capture().stdout("abc").build()),
            "stdout-bytes");
    assertEquals("stdout byte 2", c.triage().evidence().where());
    assertEquals("ab<EOF>", c.triage().evidence().actual());
  }

  @Test
  void contextIsBoundedByTheGate() {
    String longPrefix = "x".repeat(100);
    Gates g =
        Gates.fromJson(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("stdout_context_bytes", 4),
            "test");
    ValidationReport r =
        Validator.validate(
            capture().stdout(longPrefix + "A").build(),
            capture().stdout(longPrefix + "B").build(),
            g);
    assertEquals("xxxxB", result(r, "stdout-bytes").triage().evidence().expected());
  }

  @Test
  void stderrIsComparedToo() {
    TestCaptures.Builder noisy = capture();
    noisy.stderr = "warning: x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CheckResult c = result(validate(noisy.build(), capture().build()), "stderr-bytes");
    assertEquals("fail", c.status());
    assertEquals("stderr byte 0", c.triage().evidence().where());
    assertEquals("<EOF>", c.triage().evidence().expected());
  }

  @Test
  void exitStatusMismatchFails() {
    ValidationReport r = validate(capture().exit(1).build(), capture().exit(3).build());
    Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, result(r, "exit-status").outcome());
    assertEquals(new Value.Int(1), f.measured());
    assertEquals(new Value.Int(3), f.threshold());
  }

  @Test
  void timeoutIsTiming() {
    ValidationReport r = validate(capture().timedOut().exit(137).build(), capture().build());
    assertEquals(Category.TIMING, result(r, "exit-status").triage().category());
  }

  @Test
  void filesComparedByHash() {
    String h1 = "1".repeat(64);
    String h2 = "2".repeat(64);
    assertEquals(
        "pass",
        result(
                validate(
                    capture().file("out.txt", h1).build(), capture().file("out.txt", h1).build()),
                "files-written")
            .status());
    CheckResult changed =
        result(
            validate(capture().file("out.txt", h2).build(), capture().file("out.txt", h1).build()),
            "files-written");
    assertEquals("fail", changed.status());
    assertEquals("file out.txt", changed.triage().evidence().where());
    CheckResult missing =
        result(
            validate(capture().build(), capture().file("a/b.bin", h1).file("c", h1).build()),
            "files-written");
    assertEquals(new Value.Int(2), ((Outcome.Failed) missing.outcome()).measured());
    assertEquals("<not written>", missing.triage().evidence().actual());
  }
}
