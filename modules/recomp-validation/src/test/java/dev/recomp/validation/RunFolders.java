package dev.recomp.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Builds a run folder the way the automation engine lays one out, for re-validation tests. */
final class RunFolders {
  private RunFolders() {}

  /**
   * Writes {@code root/capture}, {@code root/reference}, {@code root/validate/validation-report.*},
   * {@code root/run-manifest.json} (the committed example with this run's artifacts) and {@code
   * root/artifact-index.json}.
   */
  static Path create(Path root, Capture.Recording actual, Capture.Recording reference)
      throws IOException {
    actual.writeTo(root.resolve("capture"));
    reference.writeTo(root.resolve("reference"));
    Capture a = Capture.read(root.resolve("capture"));
    Capture r = Capture.read(root.resolve("reference"));
    Reports.write(
        root.resolve("validate"), Validator.validate(a, r, Gates.defaults()), a, r, List.of());
    index(root, RunFolders::role);
    return root;
  }

  /**
   * A run folder in the built-in stages' loose layout: {@code run/stdout}, {@code run/stderr},
   * {@code run/exit_status} and the same under {@code validate/reference/}.
   */
  static Path createLoose(Path root, String stdout, String referenceStdout) throws IOException {
    for (String dir : List.of("run", "validate/reference")) {
      Files.createDirectories(root.resolve(dir));
      Files.writeString(
          root.resolve(dir + "/stdout"), dir.equals("run") ? stdout : referenceStdout);
      Files.writeString(root.resolve(dir + "/stderr"), "");
      Files.writeString(root.resolve(dir + "/exit_status"), "0\n");
    }
    Capture a = Capture.ofStreams(stdout.getBytes(), new byte[0], 0);
    Capture r = Capture.ofStreams(referenceStdout.getBytes(), new byte[0], 0);
    Reports.write(
        root.resolve("validate"), Validator.validate(a, r, Gates.defaults()), a, r, List.of());
    index(
        root,
        path ->
            path.startsWith("run/")
                ? "capture_" + path.substring(4)
                : path.startsWith("validate/reference/")
                    ? "reference_" + path.substring(19)
                    : "validation_report");
    return root;
  }

  private static void index(Path root, java.util.function.UnaryOperator<String> role)
      throws IOException {
    List<ArtifactRecord> artifacts = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        artifacts.add(
            new ArtifactRecord(rel, Sha256.of(p), Files.size(p), role.apply(rel), stage(rel)));
      }
    }
    ObjectNode manifest =
        (ObjectNode)
            Json.parse(
                Files.readAllBytes(
                    ReportTest.repoRoot().resolve("schemas/examples/run-manifest.example.json")),
                "example");
    ArrayNode list = manifest.putArray("artifacts");
    artifacts.forEach(x -> list.add(Json.tree(x)));
    Json.write(root.resolve(RunManifest.FILE_NAME), manifest, Schema.RUN_MANIFEST);
    new ArtifactIndex(
            ArtifactIndex.SCHEMA_VERSION,
            "test-run",
            RunManifest.FILE_NAME,
            "validate/validation-report.json",
            null,
            artifacts)
        .write(root.resolve(ArtifactIndex.FILE_NAME));
  }

  private static String role(String path) {
    return switch (path) {
      case "capture/capture.json" -> ArtifactCheck.CAPTURE_ROLE;
      case "reference/capture.json" -> ArtifactCheck.REFERENCE_ROLE;
      case "validate/validation-report.json" -> "validation_report";
      case "validate/validation-report.html" -> "validation_report_html";
      default -> path.startsWith("capture/") ? "capture_file" : "reference_file";
    };
  }

  private static String stage(String path) {
    return path.startsWith("validate/") || path.startsWith("reference/") ? "validate" : "run";
  }
}
