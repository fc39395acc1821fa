package dev.recomp.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaExamplesTest {
  static final Path SCHEMAS = Path.of(System.getProperty("recomp.repo.root"), "schemas");

  static Stream<Arguments> examples() {
    return Stream.of(
        Arguments.of("run-manifest", Schema.RUN_MANIFEST, RunManifest.class),
        Arguments.of("artifact-index", Schema.ARTIFACT_INDEX, ArtifactIndex.class),
        Arguments.of("automation-policy", Schema.AUTOMATION_POLICY, PolicyRecord.class),
        Arguments.of(
            "model-request-envelope", Schema.MODEL_REQUEST_ENVELOPE, ModelRequestEnvelope.class));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleValidatesBindsAndIsCanonical(String name, Schema schema, Class<?> type)
      throws Exception {
    Path example = SCHEMAS.resolve("examples/" + name + ".example.json");
    byte[] bytes = Files.readAllBytes(example);
    Object record = Json.read(example, type, schema);
    assertEquals(name + ".schema.json", schema.fileName());
    assertArrayEquals(bytes, Json.canonical(record), "example is not in canonical form: " + name);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void classpathCopyIsTheRepositoryCopy(String name, Schema schema, Class<?> type)
      throws Exception {
    try (var in = Schema.class.getResourceAsStream("schemas/" + schema.fileName())) {
      assertArrayEquals(Files.readAllBytes(SCHEMAS.resolve(schema.fileName())), in.readAllBytes());
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void unknownKeyIsRejectedWithItsName(String name, Schema schema, Class<?> type) throws Exception {
    JsonNode node =
        Json.parse(Files.readAllBytes(SCHEMAS.resolve("examples/" + name + ".example.json")), name);
    ((ObjectNode) node).put("surprise", 1);
    ManifestException e = assertThrows(ManifestException.class, () -> schema.check(node, name));
    assertTrue(e.getMessage().contains("surprise"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void badStepStatusNamesThePath() throws Exception {
    JsonNode node =
        Json.parse(Files.readAllBytes(SCHEMAS.resolve("examples/run-manifest.example.json")), "m");
    ((ObjectNode) node.get("steps").get(0)).put("status", "maybe");
    var violations = Schema.RUN_MANIFEST.violations(node);
    assertFalse(violations.isEmpty());
    assertTrue(violations.getFirst().contains("/steps/0/status"), violations.toString());
  }

  @Test
  void policyIdFollowsTheSettingsNotTheApprovals() {
    PolicyRecord a = policy(10, List.of());
    PolicyRecord b = policy(11, List.of());
    PolicyRecord approved =
        policy(
            10,
            List.of(new PolicyRecord.Approval("archive", PolicyRecord.Source.FLAG, null, null)));
    assertTrue(Schema.AUTOMATION_POLICY.violations(Json.tree(a)).isEmpty());
    assertTrue(Schema.AUTOMATION_POLICY.violations(Json.tree(approved)).isEmpty());
    assertEquals(a.policyId(), policy(10, List.of()).policyId());
    assertEquals(a.policyId(), approved.policyId());
    assertNotEquals(a.policyId(), b.policyId());
  }

  private static PolicyRecord policy(int minutes, List<PolicyRecord.Approval> approvals) {
    return PolicyRecord.of(
        ExecutionMode.HYBRID,
        false,
        null,
        minutes,
        "retail-strict",
        1,
        List.of(),
        List.of(),
        List.of("analysis", "archive"),
        approvals,
        List.of("max_runtime_minutes", "redaction_profile", "requires_approval"));
  }
}
