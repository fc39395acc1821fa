package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one stage did in a run.
 *
 * @param stageAttempt executions of this stage for this cache key in this work root (0 if never)
 * @param cacheKey null when the stage was not keyed (unavailable or skipped)
 * @param command argv template of an external command, placeholders unexpanded; null if built-in
 * @param stdoutLog work-root-relative log path, or null when the stage ran no process
 * @param stderrLog work-root-relative log path, or null when the stage ran no process
 * @param durationMs volatile: wall time spent on the stage in this run
 */
public record StepRecord(
    String name,
    Status status,
    int stageAttempt,
    boolean cacheHit,
    String cacheKey,
    List<String> command,
    String stdoutLog,
    String stderrLog,
    List<OutputRecord> outputs,
    long durationMs,
    List<String> notes) {
  /** Copies lists, so a record never changes after construction. */
  public StepRecord {
    command = command == null ? null : List.copyOf(command);
    outputs = List.copyOf(outputs);
    notes = List.copyOf(notes);
  }

  /** How a stage ended. */
  public enum Status {
    @JsonProperty("succeeded")
    SUCCEEDED,
    @JsonProperty("failed")
    FAILED,
    /** The configured built-in stage is not implemented in this recomp version. */
    @JsonProperty("unavailable")
    UNAVAILABLE,
    /** Not run; the notes say why (--until, an earlier stage failed). */
    @JsonProperty("skipped")
    SKIPPED,
    /**
     * Not run: its execution mode gates it and no approval was recorded; the notes say how to give
     * one.
     */
    @JsonProperty("refused")
    REFUSED
  }
}
