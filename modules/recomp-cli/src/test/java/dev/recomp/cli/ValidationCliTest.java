package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import dev.recomp.validation.ArtifactCheck;
import dev.recomp.validation.Capture;
import dev.recomp.validation.Gates;
import dev.recomp.validation.Reports;
import dev.recomp.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationCliTest {
  @TempDir Path tmp;

  static Capture.Recording recording(String stdout) {
    return new Capture.Recording(
        stdout.getBytes(StandardCharsets.UTF_8),
        new byte[0],
        0,
        false,
        new TreeMap<>(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  /** A run folder with capture, reference, report, run manifest and artifact index. */
  Path runFolder(String actual, String reference) throws IOException {
    Path root = tmp.resolve("run");
    recording(actual).writeTo(root.resolve("capture"));
    recording(reference).writeTo(root.resolve("reference"));
    Capture a = Capture.read(root.resolve("capture"));
    Capture r = Capture.read(root.resolve("reference"));
    Reports.write(
        root.resolve("validate"), Validator.validate(a, r, Gates.defaults()), a, r, List.of());
    List<ArtifactRecord> artifacts = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(p).toString();
        String role =
            rel.equals("capture/capture.json")
                ? ArtifactCheck.CAPTURE_ROLE
                : rel.equals("reference/capture.json") ? ArtifactCheck.REFERENCE_ROLE : "evidence";
        artifacts.add(new ArtifactRecord(rel, Sha256.of(p), Files.size(p), role, "validate"));
      }
    }
    Path example =
        Path.of(
            System.getProperty("recomp.repo.root"), "schemas/examples/run-manifest.example.json");
    ObjectNode manifest = (ObjectNode) Json.parse(Files.readAllBytes(example), "example");
    ArrayNode list = manifest.putArray("artifacts");
    artifacts.forEach(x -> list.add(Json.tree(x)));
    Json.write(root.resolve(RunManifest.FILE_NAME), manifest, Schema.RUN_MANIFEST);
    new ArtifactIndex(
            1, "cli", RunManifest.FILE_NAME, "validate/validation-report.json", null, artifacts)
        .write(root.resolve(ArtifactIndex.FILE_NAME));
    return root;
  }

  @Test
  void artifactsOfAnIntactRunExitZero() throws IOException {
    Path run = runFolder("hi\n", "hi\n");
    CliTest.Run r = CliTest.run(new ValidationCommand(), "artifacts", run.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("artifacts intact"), r.out());
    assertTrue(r.out().contains("reproduces the recorded report"), r.out());
    assertTrue(Files.exists(run.resolve("revalidation/artifact-check.json")));
  }

  @Test
  void artifactsReportsTamperingWithExitOne() throws IOException {
    Path run = runFolder("hi\n", "hi\n");
    Files.writeString(run.resolve("capture/stdout.bin"), "ho\n");
    CliTest.Run r =
        CliTest.run(
            new ValidationCommand(),
            "artifacts",
            "--artifact-index",
            run.resolve("artifact-index.json").toString(),
            "--out-dir",
            tmp.resolve("out").toString());
    assertEquals(1, r.status());
    assertTrue(r.out().contains("hash_mismatch capture/stdout.bin"), r.out());
    Files.delete(run.resolve("capture/stdout.bin"));
    r = CliTest.run(new ValidationCommand(), "artifacts", run.toString());
    assertTrue(r.out().contains("missing capture/stdout.bin"), r.out());
  }

  @Test
  void badIndexExitsTwoWithOneLine() throws IOException {
    Files.writeString(tmp.resolve("artifact-index.json"), "not json");
    CliTest.Run r = CliTest.run(new ValidationCommand(), "artifacts", tmp.toString());
    assertEquals(2, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("recomp-validation artifacts: bad index: "), r.err());
    assertEquals(2, CliTest.run(new ValidationCommand(), "artifacts").status());
  }

  @Test
  void validateWritesReportsAndExitsByVerdict() throws IOException {
    Path run = runFolder("one\n", "two\n");
    CliTest.Run fail =
        CliTest.run(
            new ValidationCommand(),
            "validate",
            run.resolve("capture").toString(),
            run.resolve("reference").toString(),
            "--out-dir",
            tmp.resolve("v").toString(),
            "--run-manifest",
            run.resolve("run-manifest.json").toString());
    assertEquals(1, fail.status());
    assertTrue(fail.out().startsWith("verdict fail"), fail.out());
    assertTrue(fail.out().contains("fail stdout-bytes [semantics] at stdout byte 0"), fail.out());
    assertTrue(
        Files.readString(tmp.resolve("v/validation-report.html")).contains("<code>intake</code>"));
    CliTest.Run pass =
        CliTest.run(
            new ValidationCommand(),
            "validate",
            run.resolve("reference").toString(),
            run.resolve("reference").toString(),
            "--out-dir",
            tmp.resolve("w").toString());
    assertEquals(0, pass.status(), pass.out());
  }

  @Test
  void validateOfABrokenCaptureIsOneLine() {
    CliTest.Run r =
        CliTest.run(new ValidationCommand(), "validate", tmp.toString(), tmp.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("capture.json: missing"), r.err());
  }

  @Test
  void summarizeTabulatesRuns() throws IOException {
    runFolder("one\n", "two\n");
    CliTest.Run r = CliTest.run(new ValidationCommand(), "summarize", tmp.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().startsWith("1 runs"), r.out());
    assertTrue(r.out().contains("fail 1"), r.out());
    assertTrue(r.out().contains("triage semantics: 1 runs, 1 checks"), r.out());
    assertTrue(Files.exists(tmp.resolve("validation-summary.html")));
    assertEquals(
        1,
        CliTest.run(new ValidationCommand(), "summarize", tmp.resolve("run/capture").toString())
            .status());
  }
}
