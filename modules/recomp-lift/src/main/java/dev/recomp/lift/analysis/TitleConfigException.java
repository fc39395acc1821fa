package dev.recomp.lift.analysis;

/** A title config that cannot be used; the message is one line naming file, line and key. */
public final class TitleConfigException extends Exception {
  /** An exception with a one-line message. */
  public TitleConfigException(String message) {
    super(message);
  }

  /** As {@link #TitleConfigException(String)}, keeping the cause. */
  public TitleConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
