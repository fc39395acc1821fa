package dev.recomp.manifest;

/**
 * A file of the run's evidence, with the stage that produced it and its role.
 *
 * @param path relative to the work root (in a run manifest) or to the index (in an artifact index)
 * @param role what the file is, e.g. {@code capture_stdout}, {@code validation_report}
 * @param stage the producing stage's name
 */
public record ArtifactRecord(String path, String sha256, long size, String role, String stage) {}
