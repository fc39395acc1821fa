package dev.recomp.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code artifact-index.json}: where a run's evidence lies, by paths relative to the directory that
 * holds the index. {@code recomp-validation artifacts} reads it.
 *
 * @param label human name of the run
 * @param runManifest relative path of {@code run-manifest.json}
 * @param validationReport relative path of the validation report, or null
 * @param outDir where {@code recomp-validation artifacts} writes by default; omitted when null
 * @param artifacts sorted by path
 */
public record ArtifactIndex(
    int schemaVersion,
    String label,
    String runManifest,
    String validationReport,
    @JsonInclude(JsonInclude.Include.NON_NULL) String outDir,
    List<ArtifactRecord> artifacts) {
  /** The version of the artifact index format. */
  public static final int SCHEMA_VERSION = 1;

  /** The file name a run writes beside its manifest. */
  public static final String FILE_NAME = "artifact-index.json";

  /** Copies the list, so a record never changes after construction. */
  public ArtifactIndex {
    artifacts = List.copyOf(artifacts);
  }

  /** Writes this index to {@code file} after checking it against its schema. */
  public byte[] write(Path file) {
    return Json.write(file, this, Schema.ARTIFACT_INDEX);
  }

  /** Reads and schema-checks an artifact index. */
  public static ArtifactIndex read(Path file) {
    return Json.read(file, ArtifactIndex.class, Schema.ARTIFACT_INDEX);
  }
}
