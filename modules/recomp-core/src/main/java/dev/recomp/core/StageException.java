package dev.recomp.core;

import java.io.Serial;

/** A stage failed; the message (one line) says why and ends up in the step's notes. */
public class StageException extends AutomationException {
  @Serial private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (one line). */
  public StageException(String message) {
    super(message);
  }
}
