package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qemu-aarch64 as the reference executor, against the qemu-recorded fixture goldens. */
@Tag("differential")
class QemuReferenceTest {
  @TempDir Path tmp;

  static ReferenceExecutor qemu() {
    Path qemu = Oracles.require("qemu-aarch64", "apt-get install qemu-user");
    return new ReferenceExecutor(
        List.of(qemu.toString(), "-cpu", "cortex-a53", "-strace", "-D", "{trace}", "{binary}"),
        Duration.ofSeconds(60),
        Map.of());
  }

  Capture record(String binary, String dir) {
    return qemu()
        .record(
            tmp.resolve(dir),
            Map.of("binary", Oracles.fixture("bin/" + binary).toString()),
            new byte[0]);
  }

  @Test
  void qemuCaptureMatchesTheRecordedGolden() throws IOException {
    Capture c = record("files-musl-O2", "ref");
    assertArrayEquals(
        Files.readAllBytes(Oracles.fixture("golden/files-musl-O2.stdout")), c.stdout());
    assertEquals(
        Integer.parseInt(Files.readString(Oracles.fixture("golden/files-musl-O2.exit")).strip()),
        c.exitStatus());
    List<TraceEvent> trace = c.trace().orElseThrow();
    assertTrue(trace.stream().anyMatch(e -> e.name().equals("renameat")), trace.toString());
    assertTrue(trace.getLast().name().equals("exit_group"), trace.getLast().toString());
  }

  @Test
  void twoReferenceRunsValidateAsPassIncludingTheTrace() {
    Capture a = record("files-musl-O2", "a");
    Capture b = record("files-musl-O2", "b");
    ValidationReport r = Validator.validate(a, b, Gates.defaults());
    assertEquals(Verdict.PASS, r.verdict(), new String(r.toJsonBytes()));
    assertEquals("pass", TestCaptures.result(r, "syscall-trace").status());
  }

  @Test
  void anotherProgramFailsWithTriagedTraceDivergence() {
    Capture hello = record("hello-musl-O2", "hello");
    Capture files = record("files-musl-O2", "files");
    ValidationReport r = Validator.validate(hello, files, Gates.defaults());
    assertEquals(Verdict.FAIL, r.verdict());
    CheckResult stdout = TestCaptures.result(r, "stdout-bytes");
    assertEquals(Category.SEMANTICS, stdout.triage().category());
    assertTrue(stdout.triage().reason().contains("syscall traces part"), stdout.triage().reason());
  }
}
