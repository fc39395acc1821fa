package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One input of a run.
 *
 * @param path relative to the directory of automation.toml
 */
public record InputRecord(String path, String sha256, long size, Role role) {
  /** What an input is for. */
  public enum Role {
    @JsonProperty("binary")
    BINARY,
    @JsonProperty("provenance")
    PROVENANCE,
    @JsonProperty("title_config")
    TITLE_CONFIG,
    @JsonProperty("name_map")
    NAME_MAP,
    @JsonProperty("runtime_trace_manifest")
    RUNTIME_TRACE_MANIFEST,
    @JsonProperty("stdin")
    STDIN,
    @JsonProperty("reference")
    REFERENCE,
    /** A file a stage declares it reads ({@code reads = [...]}), such as a script it runs. */
    @JsonProperty("stage_input")
    STAGE_INPUT
  }
}
