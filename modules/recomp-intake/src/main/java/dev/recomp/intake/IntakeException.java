package dev.recomp.intake;

/**
 * A file that cannot be read as the format it claims to be. The message is one line naming the
 * file, the offset (or address, or key) and what was expected there.
 */
public final class IntakeException extends Exception {
  /** An exception whose one-line message names the file, where, and what was expected. */
  public IntakeException(String message) {
    super(message);
  }

  /** As {@link #IntakeException(String)}, keeping the I/O failure that caused it. */
  public IntakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
