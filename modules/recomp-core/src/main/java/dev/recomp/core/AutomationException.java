package dev.recomp.core;

import java.io.Serial;

/** A problem with a run: a bad config, a failed stage, a busy work root. One-line message. */
public class AutomationException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (one line). */
  public AutomationException(String message) {
    super(message);
  }

  /** A failure described by {@code message} (one line), caused by {@code cause}. */
  public AutomationException(String message, Throwable cause) {
    super(message, cause);
  }
}
