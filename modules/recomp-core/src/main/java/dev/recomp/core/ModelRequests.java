package dev.recomp.core;

import dev.recomp.core.internal.ContentClasses;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.Fingerprint;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.ModelRequestEnvelope;
import dev.recomp.manifest.PolicyRecord;
import dev.recomp.manifest.RunManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The envelope writer: turns a request from a stage to a language model into a {@code
 * model-request-envelope.schema.json} envelope under the run's policy, as it would leave the
 * machine. It applies the run's redaction profile (artifacts of a class the profile keeps at home
 * are refused; paths become {@code sha256:<hex>} when the profile hashes them), the policy's {@code
 * allowed_models} and {@code max_cost_usd}, and the approval gate of the asking stage.
 */
public final class ModelRequests {
  /** Where envelopes are written, relative to the work root. */
  public static final String DIRECTORY = "envelopes";

  private ModelRequests() {}

  /**
   * What a stage asks.
   *
   * @param artifacts work-root-relative paths of artifacts of the run to send along
   * @param responseSchema {@code $id} of the schema the answer must satisfy
   * @param maxCostUsd bound for this request, or null for the policy's
   */
  public record Request(
      StageName stage,
      String model,
      String reasoningEffort,
      String purpose,
      List<String> artifacts,
      String responseSchema,
      Double maxCostUsd) {
    /** Copies the list. */
    public Request {
      artifacts = List.copyOf(artifacts);
    }
  }

  /**
   * The envelope for {@code request} under the policy of {@code manifest}; anything the policy
   * forbids is a one-line {@link AutomationException} saying which rule.
   */
  public static ModelRequestEnvelope envelope(RunManifest manifest, Request request) {
    PolicyRecord policy = manifest.policy();
    RedactionProfile profile = RedactionProfile.named(policy.redactionProfile());
    if (profile.version() != policy.redactionProfileVersion()) {
      throw new AutomationException(
          "the run applied redaction profile "
              + policy.redactionProfile()
              + " v"
              + policy.redactionProfileVersion()
              + ", this recomp has v"
              + profile.version()
              + "; re-run the pipeline first");
    }
    if (!policy.allowedModels().contains(request.model())) {
      throw new AutomationException(
          "model \""
              + request.model()
              + "\" is not in the policy's allowed_models "
              + policy.allowedModels());
    }
    if (policy.maxCostUsd() != null
        && (request.maxCostUsd() == null || request.maxCostUsd() > policy.maxCostUsd())) {
      throw new AutomationException(
          "the request must be bounded by the policy's max_cost_usd " + policy.maxCostUsd());
    }
    String stage = request.stage().wire();
    boolean gatesEnforced = policy.enforced().contains("requires_approval");
    if (gatesEnforced
        && policy.approvalGates().contains(stage)
        && policy.approvals().stream().noneMatch(a -> a.stage().equals(stage))) {
      throw new AutomationException(
          stage
              + " is gated in "
              + policy.executionMode().name().toLowerCase(Locale.ROOT)
              + " mode and the run recorded no approval for it");
    }
    List<ModelRequestEnvelope.InputArtifact> inputs = new ArrayList<>();
    Fingerprint id =
        Fingerprint.of("recomp.model-request")
            .add("run_id", manifest.runId())
            .add("stage", stage)
            .add("model", request.model())
            .add("purpose", request.purpose());
    for (String path : request.artifacts()) {
      ArtifactRecord artifact = artifact(manifest, path);
      RedactionProfile.Content content =
          ContentClasses.of(StageName.parse(artifact.stage()), artifact.role());
      if (!profile.allows(content)) {
        throw new AutomationException(
            path
                + ": redaction profile "
                + profile.name()
                + " keeps "
                + content.name().toLowerCase(Locale.ROOT)
                + " on this machine");
      }
      String ref =
          profile.paths() == RedactionProfile.Paths.RELATIVE ? path : "sha256:" + artifact.sha256();
      inputs.add(
          new ModelRequestEnvelope.InputArtifact(
              ref, artifact.sha256(), artifact.size(), artifact.role()));
      id.add("artifact", artifact.sha256());
    }
    return new ModelRequestEnvelope(
        ModelRequestEnvelope.SCHEMA_VERSION,
        "req-" + id.hex().substring(0, 32),
        manifest.runId(),
        stage,
        policy.policyId(),
        request.model(),
        request.reasoningEffort(),
        profile.name(),
        request.purpose(),
        inputs,
        request.responseSchema(),
        request.maxCostUsd());
  }

  /**
   * Builds the envelope for the run whose manifest is in {@code workRoot} and writes it, checked
   * against its schema, to {@code <work root>/envelopes/<request_id>.json}; returns that file.
   */
  public static Path write(Path workRoot, Request request) {
    try {
      RunManifest manifest = RunManifest.read(workRoot.resolve(RunManifest.FILE_NAME));
      ModelRequestEnvelope envelope = envelope(manifest, request);
      Path file = workRoot.resolve(DIRECTORY).resolve(envelope.requestId() + ".json");
      envelope.write(file);
      return file;
    } catch (ManifestException e) {
      throw new AutomationException(e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static ArtifactRecord artifact(RunManifest manifest, String path) {
    Optional<ArtifactRecord> found =
        manifest.artifacts().stream().filter(a -> a.path().equals(path)).findFirst();
    return found.orElseThrow(
        () -> new AutomationException(path + ": not an artifact of run " + manifest.runId()));
  }
}
