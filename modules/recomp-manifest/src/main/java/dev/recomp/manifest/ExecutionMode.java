package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a run executes. Only {@code local} runs today; the others are schema-defined. */
public enum ExecutionMode {
  @JsonProperty("local")
  LOCAL,
  @JsonProperty("cloud")
  CLOUD,
  @JsonProperty("hybrid")
  HYBRID
}
