package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the run's validation report is and what it concluded.
 *
 * @param path relative to the work root
 */
public record ValidationReportRef(String path, String sha256, Verdict verdict) {
  /** The report's overall conclusion. */
  public enum Verdict {
    @JsonProperty("passed")
    PASSED,
    @JsonProperty("failed")
    FAILED
  }
}
