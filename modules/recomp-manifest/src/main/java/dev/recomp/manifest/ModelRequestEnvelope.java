package dev.recomp.manifest;

import java.nio.file.Path;
import java.util.List;

/**
 * A model request envelope ({@code model-request-envelope.schema.json}): one request from a stage
 * to a language model as it would leave the machine. Schema-defined for cloud and agent readiness;
 * local runs send none.
 *
 * @param maxCostUsd null when unbounded
 */
public record ModelRequestEnvelope(
    int schemaVersion,
    String requestId,
    String runId,
    String stage,
    String policyId,
    String model,
    String reasoningEffort,
    String redactionProfile,
    String purpose,
    List<InputArtifact> inputArtifacts,
    String responseSchema,
    Double maxCostUsd) {
  /** The version of the envelope format. */
  public static final int SCHEMA_VERSION = 1;

  /** Copies the list, so a record never changes after construction. */
  public ModelRequestEnvelope {
    inputArtifacts = List.copyOf(inputArtifacts);
  }

  /**
   * An artifact sent along.
   *
   * @param ref a work-root-relative path, or {@code sha256:<hex>} when the profile hides paths
   */
  public record InputArtifact(String ref, String sha256, long size, String role) {}

  /** Writes this envelope to {@code file} after checking it against its schema. */
  public byte[] write(Path file) {
    return Json.write(file, this, Schema.MODEL_REQUEST_ENVELOPE);
  }

  /** Reads and schema-checks an envelope. */
  public static ModelRequestEnvelope read(Path file) {
    return Json.read(file, ModelRequestEnvelope.class, Schema.MODEL_REQUEST_ENVELOPE);
  }
}
