package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.ModelRequestEnvelope;
import dev.recomp.manifest.RunManifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The envelope writer applies the run's redaction profile, allowed models, cost bound and gates.
 */
class ModelRequestsTest {
  @TempDir Path dir;

  static ModelRequests.Request ask(String model, Double cost, String... artifacts) {
    return new ModelRequests.Request(
        StageName.ANALYSIS,
        model,
        "low",
        "Name the functions of lift/module.json.",
        List.of(artifacts),
        "https://recomp.dev/schemas/name-map.schema.json",
        cost);
  }

  Project project(String profile) {
    return new Project(dir)
        .with(
            "policy",
            "[policy]\nallowed_models = [\"m1\"]\nmax_cost_usd = 1.0\nredaction_profile = \""
                + profile
                + "\"\n");
  }

  @Test
  void homebrewDefaultSendsRelativePathsAndTheEnvelopeIsWrittenSchemaChecked() {
    Project p = project("homebrew-default");
    RunManifest m = p.automate();
    Path file = ModelRequests.write(p.work(), ask("m1", 0.5, "lift/module.json"));
    ModelRequestEnvelope e = ModelRequestEnvelope.read(file);
    assertEquals(p.work().resolve("envelopes/" + e.requestId() + ".json"), file);
    assertEquals("lift/module.json", e.inputArtifacts().getFirst().ref());
    assertEquals("homebrew-default", e.redactionProfile());
    assertEquals(m.policy().policyId(), e.policyId());
    assertEquals(e, ModelRequests.envelope(m, ask("m1", 0.5, "lift/module.json")));
  }

  @Test
  void retailStrictKeepsEveryArtifactClassAtHome() {
    Project p = project("retail-strict");
    RunManifest m = p.automate();
    AutomationException e =
        assertThrows(
            AutomationException.class,
            () -> ModelRequests.envelope(m, ask("m1", 0.5, "run/stdout")));
    assertEquals(
        "run/stdout: redaction profile retail-strict keeps captures on this machine",
        e.getMessage());
    ModelRequestEnvelope none = ModelRequests.envelope(m, ask("m1", 0.5));
    assertEquals(List.of(), none.inputArtifacts());
    assertEquals("retail-strict", none.redactionProfile());
  }

  @Test
  void modelsCostsAndUnknownArtifactsAreChecked() {
    RunManifest m = project("homebrew-default").automate();
    assertTrue(
        assertThrows(AutomationException.class, () -> ModelRequests.envelope(m, ask("m2", 0.5)))
            .getMessage()
            .startsWith("model \"m2\" is not in the policy's allowed_models"));
    assertTrue(
        assertThrows(AutomationException.class, () -> ModelRequests.envelope(m, ask("m1", 2.0)))
            .getMessage()
            .contains("max_cost_usd 1.0"));
    assertTrue(
        assertThrows(
                AutomationException.class,
                () -> ModelRequests.envelope(m, ask("m1", 0.5, "nope.json")))
            .getMessage()
            .startsWith("nope.json: not an artifact of run"));
  }

  @Test
  void aGatedStageNeedsItsApprovalInHybridMode() {
    Project p =
        new Project(dir)
            .with("policy", "[policy]\nexecution_mode = \"hybrid\"\nallowed_models = [\"m1\"]\n");
    RunManifest unapproved =
        p.automate(
            AutomateOptions.defaults().withApprovals(java.util.Set.of(StageName.ARCHIVE), null));
    assertEquals(
        "analysis is gated in hybrid mode and the run recorded no approval for it",
        assertThrows(
                AutomationException.class,
                () -> ModelRequests.envelope(unapproved, ask("m1", null)))
            .getMessage());
    RunManifest approved =
        p.automate(
            AutomateOptions.defaults()
                .withApprovals(java.util.Set.of(StageName.ANALYSIS, StageName.ARCHIVE), null));
    assertEquals("analysis", ModelRequests.envelope(approved, ask("m1", null)).stage());
  }
}
