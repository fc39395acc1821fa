package dev.recomp.isa;

/** An encoding table that does not load: the message is {@code file:line: what is wrong}. */
public final class TableException extends Exception {
  private static final long serialVersionUID = 1L;

  public TableException(String file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }
}
