package dev.recomp.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.recomp.core.internal.PolicyTable;
import java.util.List;

/**
 * A redaction profile ({@code redaction-profile.schema.json}, shipped as {@code
 * policy/redaction/<name>.json}): which classes of artifacts may leave the machine in an archive or
 * a model request envelope, and how input paths and title names appear there.
 *
 * @param version raised whenever the rules change; the policy record names it
 * @param tracks the tracks a run may use this profile on
 */
public record RedactionProfile(
    int schemaVersion,
    String name,
    int version,
    String description,
    List<AutomationConfig.Track> tracks,
    Include include,
    Paths paths,
    Titles titles) {
  /** Copies the list. */
  public RedactionProfile {
    tracks = List.copyOf(tracks);
  }

  /** The profile named {@code name}, schema-checked; an unknown name lists the known ones. */
  public static RedactionProfile named(String name) {
    return PolicyTable.profile(name);
  }

  /** The profile a run of {@code config} applies: its {@code [policy]}'s, else the track's. */
  public static RedactionProfile of(AutomationConfig config) {
    String name = config.policy().redactionProfile();
    return named(name != null ? name : PolicyTable.defaultProfile(config.track()));
  }

  /**
   * Which artifact classes may leave the machine. Checksums and the archive manifest always may.
   */
  public record Include(
      boolean records, boolean binaries, boolean segments, boolean captures, boolean logs) {}

  /** How input paths appear. */
  public enum Paths {
    /** Relative to the directory of automation.toml, as in the run manifest. */
    @JsonProperty("relative")
    RELATIVE,
    /** {@code sha256:<hex>} of the file's content. */
    @JsonProperty("hashed")
    HASHED
  }

  /** How the run's name (usually the title) appears. */
  public enum Titles {
    /** As written ({@code [work] label}, else the work root's directory name). */
    @JsonProperty("plain")
    PLAIN,
    /** {@code title-} and the first 16 hex digits of the binary's sha256. */
    @JsonProperty("hashed")
    HASHED
  }

  /** The classes of artifacts a profile decides about. */
  public enum Content {
    /** Descriptions a stage writes about the program (image, functions, module, reports). */
    RECORDS,
    /** Programs the build stage produces. */
    BINARIES,
    /** Bytes intake extracted from the input. */
    SEGMENTS,
    /** What the program and the reference printed. */
    CAPTURES,
    /** stdout and stderr of stage commands. */
    LOGS
  }

  /** Whether artifacts of class {@code content} may leave the machine. */
  public boolean allows(Content content) {
    return switch (content) {
      case RECORDS -> include.records();
      case BINARIES -> include.binaries();
      case SEGMENTS -> include.segments();
      case CAPTURES -> include.captures();
      case LOGS -> include.logs();
    };
  }

  /** How an input appears: its config-relative path, or {@code sha256:<hex>} of its content. */
  public String inputRef(String configRelativePath, String sha256) {
    return paths == Paths.RELATIVE ? configRelativePath : "sha256:" + sha256;
  }

  /** How the run's name appears, given the input binary's sha256. */
  public String title(String label, String binarySha256) {
    return titles == Titles.PLAIN ? label : "title-" + binarySha256.substring(0, 16);
  }
}
