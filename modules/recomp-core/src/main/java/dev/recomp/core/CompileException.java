package dev.recomp.core;

import java.io.Serial;

/**
 * A program that cannot be compiled: an unreadable or malformed binary, a bad title config, an
 * output that cannot be written. One-line message naming the file.
 */
public final class CompileException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (one line), caused by {@code cause}. */
  public CompileException(String message, Throwable cause) {
    super(message, cause);
  }
}
