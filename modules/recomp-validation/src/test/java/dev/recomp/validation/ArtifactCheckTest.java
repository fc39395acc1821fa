package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.ArtifactIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCheckTest {
  @TempDir Path tmp;
  Path run;

  @BeforeEach
  void createRun() throws IOException {
    run =
        RunFolders.create(tmp.resolve("run"), CaptureIoTest.recording(), CaptureIoTest.recording());
  }

  @Test
  void intactRunReproducesItsReport() {
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    assertTrue(r.ok(), r.problems().toString());
    assertTrue(r.entries().size() > 10);
    assertTrue(r.revalidation().reproduced());
    assertEquals("needs_review", r.revalidation().recordedVerdict());
    assertEquals(Verdict.NEEDS_REVIEW, r.revalidation().report().verdict());
  }

  @Test
  void alteredCaptureFileIsAHashMismatchAndBlocksRevalidation() throws IOException {
    Files.writeString(run.resolve("capture/stdout.bin"), "hellO\n");
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    assertFalse(r.ok());
    List<ArtifactCheck.Entry> bad =
        r.entries().stream().filter(e -> e.status() != ArtifactCheck.Status.OK).toList();
    assertEquals(2, bad.size(), "listed in the index and in the run manifest");
    assertEquals(ArtifactCheck.Status.HASH_MISMATCH, bad.getFirst().status());
    assertEquals("capture/stdout.bin", bad.getFirst().path());
    assertNull(r.revalidation());
  }

  @Test
  void deletedFrameIsMissing() throws IOException {
    Files.delete(run.resolve("capture/frames/000002.png"));
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    assertFalse(r.ok());
    assertTrue(
        r.entries().stream()
            .anyMatch(
                e ->
                    e.path().equals("capture/frames/000002.png")
                        && e.status() == ArtifactCheck.Status.MISSING));
  }

  @Test
  void editedRecordedReportIsCaughtAndJudgedAgain() throws IOException {
    Path report = run.resolve("validate/validation-report.json");
    String text = Files.readString(report);
    assertTrue(text.contains("\"exit status 3\""));
    Files.writeString(report, text.replace("\"exit status 3\"", "\"exit status 4\""));
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    assertFalse(r.ok());
    assertFalse(r.revalidation().reproduced());
    assertTrue(
        r.problems().stream().anyMatch(p -> p.contains("differs from re-validation")),
        r.problems().toString());
  }

  @Test
  void looseStreamFilesOfTheBuiltInStagesAreRevalidatedToo() throws IOException {
    Path loose = RunFolders.createLoose(tmp.resolve("loose"), "hi\n", "hi!\n");
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(loose);
    assertTrue(r.ok(), r.problems().toString());
    assertEquals(Verdict.FAIL, r.revalidation().report().verdict());
    assertTrue(r.revalidation().reproduced());
    Files.writeString(loose.resolve("run/exit_status"), "1\n");
    ArtifactCheck.Result tampered = ArtifactCheck.verifyRunDir(loose);
    assertFalse(tampered.ok());
    assertNull(tampered.revalidation());
  }

  @Test
  void writesCheckAndRecomputedReports() throws IOException {
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    ArtifactCheck.write(tmp.resolve("out"), r);
    assertTrue(
        ArtifactCheck.SCHEMA
            .violations(
                dev.recomp.manifest.Json.parse(
                    Files.readAllBytes(tmp.resolve("out/artifact-check.json")), "check"))
            .isEmpty());
    assertTrue(Files.exists(tmp.resolve("out/validation-report.html")));
  }

  @Test
  void missingOrBrokenIndexIsBadIndex() throws IOException {
    assertThrows(ArtifactCheck.BadIndexException.class, () -> ArtifactCheck.verifyRunDir(tmp));
    Files.writeString(run.resolve(ArtifactIndex.FILE_NAME), "{\"schema_version\": 1}");
    ArtifactCheck.BadIndexException e =
        assertThrows(ArtifactCheck.BadIndexException.class, () -> ArtifactCheck.verifyRunDir(run));
    assertTrue(e.getMessage().contains("artifact-index.json"), e.getMessage());
  }

  @Test
  void missingRunManifestIsAProblemNotABadIndex() throws IOException {
    Files.delete(run.resolve("run-manifest.json"));
    ArtifactCheck.Result r = ArtifactCheck.verifyRunDir(run);
    assertFalse(r.ok());
    assertTrue(r.problems().getFirst().startsWith("run manifest: "), r.problems().toString());
  }

  @Property(tries = 100)
  void garbageIndexIsAlwaysBadIndex(@ForAll byte[] garbage) throws IOException {
    Path dir = Files.createTempDirectory("index-garbage");
    try {
      Files.write(dir.resolve(ArtifactIndex.FILE_NAME), garbage);
      ArtifactCheck.BadIndexException e =
          assertThrows(
              ArtifactCheck.BadIndexException.class, () -> ArtifactCheck.verifyRunDir(dir));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    } finally {
      Capture.deleteTree(dir);
    }
  }

  @Test
  void summaryCountsVerdictsAndTriage() throws IOException {
    Path runs = tmp.resolve("runs");
    Capture ok = TestCaptures.capture().build();
    Reports.write(
        runs.resolve("a"), Validator.validate(ok, ok, Gates.defaults()), ok, ok, List.of());
    Reports.write(
        runs.resolve("b"),
        Validator.validate(ReportTest.failing(), ReportTest.reference(), Gates.defaults()),
        ReportTest.failing(),
        ReportTest.reference(),
        List.of());
    Files.createDirectories(runs.resolve("c"));
    Files.writeString(runs.resolve("c/validation-report.json"), "{", StandardCharsets.UTF_8);
    RunSummary s = RunSummary.scan(runs);
    assertEquals(List.of("a", "b", "c"), s.rows().stream().map(RunSummary.Row::run).toList());
    assertEquals(1, s.verdictCounts().get("pass"));
    assertEquals(1, s.verdictCounts().get("fail"));
    assertEquals(1, s.verdictCounts().get("unreadable"));
    assertEquals(1, s.triageCounts().get("semantics")[0]);
    assertEquals("0x400100", s.rows().get(1).firstDivergentPc());
    s.write(runs);
    assertEquals(
        List.of(),
        RunSummary.SCHEMA.violations(
            dev.recomp.manifest.Json.parse(
                Files.readAllBytes(runs.resolve("validation-summary.json")), "summary")));
    assertTrue(
        Files.readString(runs.resolve("validation-summary.html")).contains("<code>b</code>"));
    assertEquals(
        -1L,
        Files.mismatch(
            runs.resolve("validation-summary.json"), writeAgain(runs, tmp.resolve("again"))));
  }

  private static Path writeAgain(Path runs, Path out) {
    RunSummary.scan(runs).write(out);
    return out.resolve("validation-summary.json");
  }
}
