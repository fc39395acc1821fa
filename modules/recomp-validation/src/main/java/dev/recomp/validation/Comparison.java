package dev.recomp.validation;

/**
 * The input of every check: the capture under test, the reference, and the gates.
 *
 * @param actual the recompiled program's capture
 * @param reference the reference capture (recorded, or from a reference executor)
 * @param gates the thresholds
 */
public record Comparison(Capture actual, Capture reference, Gates gates) {}
