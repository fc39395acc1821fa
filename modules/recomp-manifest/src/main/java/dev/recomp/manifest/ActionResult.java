package dev.recomp.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a stage produced for one cache key: its outputs and logs as content-store blobs.
 *
 * @param stageAttempt the attempt that produced this result
 * @param toolVersions the "tool=version" lines of external tools the execution used
 * @param stdoutLog null when the stage ran no process
 * @param stderrLog null when the stage ran no process
 */
public record ActionResult(
    String cacheKey,
    String stage,
    int stageAttempt,
    List<CachedFile> outputs,
    CachedFile stdoutLog,
    CachedFile stderrLog,
    List<String> toolVersions,
    List<String> notes) {
  /** Copies lists, so a record never changes after construction. */
  public ActionResult {
    outputs = List.copyOf(outputs);
    toolVersions = List.copyOf(toolVersions);
    notes = List.copyOf(notes);
  }

  /**
   * A file as cached.
   *
   * @param path relative to the work root
   */
  public record CachedFile(String path, String sha256, long size, boolean executable) {}

  /** Outputs and logs together: every blob the result needs. */
  public List<CachedFile> files() {
    List<CachedFile> all = new ArrayList<>(outputs);
    if (stdoutLog != null) {
      all.add(stdoutLog);
    }
    if (stderrLog != null) {
      all.add(stderrLog);
    }
    return all;
  }
}
