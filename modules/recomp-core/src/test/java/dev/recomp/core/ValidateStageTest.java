package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.ValidationReportRef;
import dev.recomp.validation.ArtifactCheck;
import dev.recomp.validation.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in validate stage writes recomp-validation's reports and indexes both captures. */
class ValidateStageTest {
  @TempDir Path dir;

  /** Checks both reports and returns the JSON one, schema-checked. */
  static JsonNode reports(Project p, RunManifest m) throws Exception {
    Path json = p.work().resolve("validate/validation-report.json");
    Path html = p.work().resolve("validate/validation-report.html");
    JsonNode report = Json.parse(Files.readAllBytes(json), json.toString());
    Reports.SCHEMA.check(report, json.toString());
    assertTrue(Files.readString(html).contains("stdout-bytes"), "the HTML lists the checks");
    assertEquals("validate/validation-report.json", m.validationReport().path());
    Set<String> roles =
        m.artifacts().stream().map(ArtifactRecord::role).collect(Collectors.toSet());
    assertTrue(
        roles.containsAll(
            Set.of(
                "validation_report",
                "capture_stdout",
                "capture_exit_status",
                "reference_stdout",
                "reference_exit_status")),
        roles.toString());
    return report;
  }

  @Test
  void matchingRunPassesAndTheRunFolderRevalidates() throws Exception {
    Project p = new Project(dir);
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(ValidationReportRef.Verdict.PASSED, m.validationReport().verdict());
    JsonNode report = reports(p, m);
    assertEquals("pass", report.get("verdict").asText());
    ArtifactCheck.Result check = ArtifactCheck.verifyRunDir(p.work());
    assertTrue(check.ok(), check.toJson().toString());
    assertTrue(check.revalidation().reproduced(), check.problems().toString());
  }

  @Test
  void divergentStdoutFailsWithTriageAndStillRevalidates() throws Exception {
    Project p = new Project(dir);
    p.write("expected.stdout", "hello there\n");
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.FAILED, m.outcome());
    assertEquals(ValidationReportRef.Verdict.FAILED, m.validationReport().verdict());
    JsonNode report = reports(p, m);
    assertEquals("fail", report.get("verdict").asText());
    JsonNode stdout = null;
    for (JsonNode c : report.get("checks")) {
      if (c.get("id").asText().equals("stdout-bytes")) {
        stdout = c;
      }
    }
    assertEquals("fail", stdout.get("status").asText(), stdout.toString());
    assertTrue(stdout.has("triage"), stdout.toString());
    ArtifactCheck.Result check = ArtifactCheck.verifyRunDir(p.work());
    assertTrue(check.revalidation().reproduced(), check.problems().toString());
    assertEquals("fail", check.revalidation().recordedVerdict());
  }

  @Test
  void streamsLeftOutOfCompareAreDisabledInTheRecordedGates() throws Exception {
    Project p = new Project(dir);
    RunManifest m = p.automate();
    JsonNode report = reports(p, m);
    assertEquals("[\"stderr-bytes\"]", report.get("gates").get("disabled_checks").toString());
  }

  @Test
  void referenceCommandIsRunLikeTheProgramAndIndexed() throws Exception {
    Project p =
        new Project(dir)
            .with(
                "validate",
                """
                [validate]
                reference_command = ["sh", "-c", "printf 'hello %s\\\\n' \\"$0\\"; echo warn >&2"]
                """);
    RunManifest m = p.automate();
    assertEquals(ValidationReportRef.Verdict.FAILED, m.validationReport().verdict());
    assertEquals("warn\n", Files.readString(p.work().resolve("validate/reference/stderr")));
    JsonNode report = reports(p, m);
    assertEquals("[]", report.get("gates").get("disabled_checks").toString());
    ArtifactCheck.Result check = ArtifactCheck.verifyRunDir(p.work());
    assertTrue(check.revalidation().reproduced(), check.problems().toString());
  }

  @Test
  void gatesTableReachesTheReportAndItsCacheKey() throws Exception {
    Project p = new Project(dir);
    p.automate();
    p.with("validate", Project.VALIDATE + "[validate.gates]\nssim_min = 0.5\n");
    RunManifest m = p.automate();
    assertTrue(!Project.step(m, StageName.VALIDATE).cacheHit(), "new gates re-run validate");
    JsonNode gates = reports(p, m).get("gates");
    assertEquals(0.5, gates.get("ssim_min").asDouble());
    assertEquals("[\"stderr-bytes\"]", gates.get("disabled_checks").toString());
  }
}
