package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The automation policy record ({@code automation-policy.schema.json}): the run's {@code [policy]},
 * the redaction profile it applied, the approval gates of its execution mode with the approvals
 * given, and which settings recomp enforced ({@code enforced}); the rest are metadata.
 *
 * @param maxCostUsd null when unbounded
 * @param maxRuntimeMinutes the time limit of each stage; null when unbounded
 * @param redactionProfile the profile applied: the configured one, else the track's default
 * @param approvalGates the stages that need an approval in this execution mode, in lifecycle order
 * @param approvals the approvals given for gated stages, in lifecycle order
 */
public record PolicyRecord(
    int schemaVersion,
    String policyId,
    ExecutionMode executionMode,
    boolean requiresApproval,
    Double maxCostUsd,
    Integer maxRuntimeMinutes,
    String redactionProfile,
    int redactionProfileVersion,
    List<String> allowedModels,
    List<String> runWindows,
    List<String> approvalGates,
    List<Approval> approvals,
    List<String> enforced) {
  /** The version of the policy record format. */
  public static final int SCHEMA_VERSION = 2;

  /** Copies lists, so a record never changes after construction. */
  public PolicyRecord {
    allowedModels = List.copyOf(allowedModels);
    runWindows = List.copyOf(runWindows);
    approvalGates = List.copyOf(approvalGates);
    approvals = List.copyOf(approvals);
    enforced = List.copyOf(enforced);
  }

  /**
   * An approval of a gated stage.
   *
   * @param approvedBy from the approvals file; null for a flag
   * @param reason from the approvals file; null for a flag
   */
  public record Approval(String stage, Source source, String approvedBy, String reason) {}

  /** Where an approval came from. */
  public enum Source {
    /** {@code --approve STAGE} on the command line (or the API's equivalent). */
    @JsonProperty("flag")
    FLAG,
    /** An entry of the approvals file ({@code approvals.schema.json}). */
    @JsonProperty("file")
    FILE
  }

  /**
   * A policy record whose id is derived from its settings (approvals are not settings): equal
   * settings give equal ids, so the id can be cited in envelopes and audit logs.
   */
  public static PolicyRecord of(
      ExecutionMode executionMode,
      boolean requiresApproval,
      Double maxCostUsd,
      Integer maxRuntimeMinutes,
      String redactionProfile,
      int redactionProfileVersion,
      List<String> allowedModels,
      List<String> runWindows,
      List<String> approvalGates,
      List<Approval> approvals,
      List<String> enforced) {
    String id =
        Fingerprint.of("recomp.policy.v2")
            .add("execution_mode", executionMode.name())
            .add("requires_approval", Boolean.toString(requiresApproval))
            .add("max_cost_usd", maxCostUsd == null ? null : maxCostUsd.toString())
            .add("max_runtime_minutes", maxRuntimeMinutes == null ? null : maxRuntimeMinutes + "")
            .add("redaction_profile", redactionProfile + "@" + redactionProfileVersion)
            .add("allowed_models", allowedModels)
            .add("run_windows", runWindows)
            .add("approval_gates", approvalGates)
            .add("enforced", enforced)
            .hex();
    return new PolicyRecord(
        SCHEMA_VERSION,
        "policy-" + id.substring(0, 16),
        executionMode,
        requiresApproval,
        maxCostUsd,
        maxRuntimeMinutes,
        redactionProfile,
        redactionProfileVersion,
        allowedModels,
        runWindows,
        approvalGates,
        approvals,
        enforced);
  }
}
