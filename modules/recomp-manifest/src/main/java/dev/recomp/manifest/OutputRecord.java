package dev.recomp.manifest;

/**
 * A file a stage produced.
 *
 * @param path relative to the work root
 */
public record OutputRecord(String path, String sha256, long size) {}
