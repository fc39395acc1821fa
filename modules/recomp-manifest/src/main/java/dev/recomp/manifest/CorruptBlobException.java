package dev.recomp.manifest;

import java.io.Serial;

/** A blob in the content-addressed store whose bytes no longer hash to its name; it was evicted. */
public final class CorruptBlobException extends ManifestException {
  @Serial private static final long serialVersionUID = 1L;

  /** The blob that should hash to {@code expected} hashed to {@code actual}. */
  public CorruptBlobException(String expected, String actual) {
    super("corrupt cache blob " + expected + " (its bytes hash to " + actual + "); evicted");
  }
}
