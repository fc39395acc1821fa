package dev.recomp.manifest;

import java.io.Serial;

/**
 * A manifest, cache or schema problem, with a one-line message naming the file and what is wrong.
 */
public class ManifestException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (one line). */
  public ManifestException(String message) {
    super(message);
  }

  /** A failure described by {@code message} (one line), caused by {@code cause}. */
  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
