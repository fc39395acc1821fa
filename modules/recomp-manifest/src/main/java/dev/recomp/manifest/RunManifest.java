package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code run-manifest.json}: the record of one {@code recomp automate} run. Only {@code runId},
 * {@code startedAt}, the steps' {@code durationMs} and {@code hostFingerprint} differ between runs
 * of the same inputs.
 *
 * @param runId {@code run-} and 32 random hex digits, unique per run
 * @param startedAt volatile: ISO-8601 UTC start time
 * @param inputFingerprint sha256 over the inputs' roles, paths, hashes and sizes
 * @param toolVersions tool name to version: recomp, java, and each external tool a stage ran
 * @param hostFingerprint volatile: sha256 of host name, OS and architecture
 * @param artifacts every file the run produced, sorted by path
 * @param validationReport null when no validation ran
 */
public record RunManifest(
    int schemaVersion,
    String runId,
    String startedAt,
    Outcome outcome,
    String inputFingerprint,
    ExecutionMode executionMode,
    Map<String, String> toolVersions,
    String hostFingerprint,
    PolicyRecord policy,
    List<InputRecord> inputs,
    List<StepRecord> steps,
    List<ArtifactRecord> artifacts,
    ValidationReportRef validationReport) {
  /** The version of the run manifest format. */
  public static final int SCHEMA_VERSION = 1;

  /** The file name every run writes at its work root. */
  public static final String FILE_NAME = "run-manifest.json";

  /** Copies collections (tool versions sorted), so a record never changes after construction. */
  public RunManifest {
    toolVersions = Collections.unmodifiableSortedMap(new TreeMap<>(toolVersions));
    inputs = List.copyOf(inputs);
    steps = List.copyOf(steps);
    artifacts = List.copyOf(artifacts);
  }

  /** How the run as a whole ended. */
  public enum Outcome {
    /** Every stage ran and validation passed (or none was configured). */
    @JsonProperty("passed")
    PASSED,
    /** A stage failed, or validation failed. */
    @JsonProperty("failed")
    FAILED,
    /** The run stopped early: --until, or a stage not available yet. */
    @JsonProperty("incomplete")
    INCOMPLETE
  }

  /** Writes this manifest to {@code file} after checking it against its schema. */
  public byte[] write(Path file) {
    return Json.write(file, this, Schema.RUN_MANIFEST);
  }

  /** Reads and schema-checks a run manifest. */
  public static RunManifest read(Path file) {
    return Json.read(file, RunManifest.class, Schema.RUN_MANIFEST);
  }
}
