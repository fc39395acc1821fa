package dev.recomp.validation;

import static dev.recomp.validation.TestCaptures.capture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path tmp;

  static Path repoRoot() {
    String root = System.getProperty("recomp.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property recomp.repo.root is not set (run via Maven)");
    }
    return Path.of(root);
  }

  static JsonSchema schema(String name) throws IOException {
    JsonNode schema =
        new ObjectMapper().readTree(repoRoot().resolve("schemas").resolve(name).toFile());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
  }

  /** A capture that fails in several ways: stdout, the trace, a frame, audio level. */
  static Capture failing() {
    List<Frame> frames = new ArrayList<>(TestCaptures.movingSquare(8));
    frames.set(5, TestCaptures.painted(frames.get(5), 2, 2, 12, 10, 0xFF0000));
    return capture()
        .stdout("sum = 41\n")
        .exit(0)
        .trace("pc=0x400100 write(1,0x7f0000,9) = 9", "pc=0x400180 exit_group(0)")
        .frames(frames)
        .audio(TestCaptures.scaled(TestCaptures.tone(4096, 0.5, 440), 0.5))
        .build();
  }

  static Capture reference() {
    return capture()
        .stdout("sum = 42!\n")
        .trace("1 write(1,0x4a0000,10) = 10", "1 exit_group(0)")
        .frames(TestCaptures.movingSquare(8))
        .audio(TestCaptures.tone(4096, 0.5, 440))
        .build();
  }

  @Test
  void reportIsDeterministic() {
    byte[] a = Validator.validate(failing(), reference(), Gates.defaults()).toJsonBytes();
    byte[] b = Validator.validate(failing(), reference(), Gates.defaults()).toJsonBytes();
    assertArrayEquals(a, b);
    Reports.write(
        tmp.resolve("one"),
        Validator.validate(failing(), reference(), Gates.defaults()),
        failing(),
        reference(),
        List.of());
    Reports.write(
        tmp.resolve("two"),
        Validator.validate(failing(), reference(), Gates.defaults()),
        failing(),
        reference(),
        List.of());
    assertEquals(
        mismatch(
            tmp.resolve("one/validation-report.json"), tmp.resolve("two/validation-report.json")),
        -1L);
    assertEquals(
        mismatch(
            tmp.resolve("one/validation-report.html"), tmp.resolve("two/validation-report.html")),
        -1L);
  }

  static long mismatch(Path a, Path b) {
    try {
      return Files.mismatch(a, b);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void failingAndPassingReportsMatchTheSchema() throws IOException {
    JsonSchema schema = schema("validation-report.schema.json");
    for (ValidationReport r :
        List.of(
            Validator.validate(failing(), reference(), Gates.defaults()),
            Validator.validate(reference(), reference(), Gates.defaults()),
            Validator.validate(capture().build(), capture().build(), Gates.defaults()))) {
      Set<ValidationMessage> errors = schema.validate(r.toJson());
      assertTrue(errors.isEmpty(), errors.toString());
    }
  }

  @Test
  void committedExampleMatchesTheSchemaAndIsWhatTheValidatorWrites() throws IOException {
    Path example = repoRoot().resolve("schemas/examples/validation-report.example.json");
    if (Boolean.getBoolean("recomp.update.examples")) {
      Files.write(
          example, Validator.validate(failing(), reference(), Gates.defaults()).toJsonBytes());
    }
    JsonNode json = new ObjectMapper().readTree(example.toFile());
    assertTrue(schema("validation-report.schema.json").validate(json).isEmpty());
    assertArrayEquals(
        Validator.validate(failing(), reference(), Gates.defaults()).toJsonBytes(),
        Files.readAllBytes(example),
        "regenerate with scripts/update-validation-example.sh");
  }

  @Test
  void failingReportCarriesVerdictTriageAndPc() {
    JsonNode r = Validator.validate(failing(), reference(), Gates.defaults()).toJson();
    assertEquals("fail", r.get("verdict").asText());
    assertEquals("0x400100", r.get("first_divergent_pc").asText());
    JsonNode stdout = r.get("checks").get(1);
    assertEquals("stdout-bytes", stdout.get("id").asText());
    assertEquals("semantics", stdout.at("/triage/category").asText());
    assertEquals("0x400100", stdout.at("/triage/evidence/pc").asText());
    assertEquals("stdout byte 7", stdout.at("/triage/evidence/where").asText());
  }
}
