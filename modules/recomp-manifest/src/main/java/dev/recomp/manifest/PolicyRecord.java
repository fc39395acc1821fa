package dev.recomp.manifest;

import java.util.List;

/**
 * The automation policy record ({@code automation-policy.schema.json}): the run's {@code [policy]}
 * and which of its settings recomp enforced ({@code enforced}); the rest are metadata.
 *
 * @param maxCostUsd null when unbounded
 * @param maxRuntimeMinutes the time limit of each stage; null when unbounded
 * @param redactionProfile null when none is named
 */
public record PolicyRecord(
    int schemaVersion,
    String policyId,
    ExecutionMode executionMode,
    boolean requiresApproval,
    Double maxCostUsd,
    Integer maxRuntimeMinutes,
    String redactionProfile,
    List<String> allowedModels,
    List<String> runWindows,
    List<String> enforced) {
  /** The version of the policy record format. */
  public static final int SCHEMA_VERSION = 1;

  /** Copies lists, so a record never changes after construction. */
  public PolicyRecord {
    allowedModels = List.copyOf(allowedModels);
    runWindows = List.copyOf(runWindows);
    enforced = List.copyOf(enforced);
  }

  /**
   * A policy record whose id is derived from its settings: equal settings give equal ids, so the id
   * can be cited in envelopes and audit logs.
   */
  public static PolicyRecord of(
      ExecutionMode executionMode,
      boolean requiresApproval,
      Double maxCostUsd,
      Integer maxRuntimeMinutes,
      String redactionProfile,
      List<String> allowedModels,
      List<String> runWindows,
      List<String> enforced) {
    String id =
        Fingerprint.of("recomp.policy")
            .add("execution_mode", executionMode.name())
            .add("requires_approval", Boolean.toString(requiresApproval))
            .add("max_cost_usd", maxCostUsd == null ? null : maxCostUsd.toString())
            .add("max_runtime_minutes", maxRuntimeMinutes == null ? null : maxRuntimeMinutes + "")
            .add("redaction_profile", redactionProfile)
            .add("allowed_models", allowedModels)
            .add("run_windows", runWindows)
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
        allowedModels,
        runWindows,
        enforced);
  }
}
