package dev.recomp.intake;

/**
 * A file that cannot be read as the format it claims to be. The message is one line naming the
 * file, the offset (or address, or key) and what was expected there.
 */
public final class IntakeException extends Exception {
  /** An exception whose one-line message names the file, where, and what was expected. */
  public IntakeException(String message) {
    super(oneLine(message));
  }

  /** As {@link #IntakeException(String)}, keeping the I/O failure that caused it. */
  public IntakeException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /**
   * Messages quote names read from the file (symbols, sections, paths), which a hostile file can
   * fill with control characters; they are escaped so the message stays one printable line.
   */
  private static String oneLine(String message) {
    StringBuilder out = new StringBuilder(message.length());
    message
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
