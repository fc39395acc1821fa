package dev.recomp.runtime;

/** The image cannot be loaded: the message is one line naming what and where. */
public final class LoadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Fails with {@code message}. */
  public LoadException(String message) {
    super(message);
  }
}
