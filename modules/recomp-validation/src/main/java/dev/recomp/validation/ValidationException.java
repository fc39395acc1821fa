package dev.recomp.validation;

/**
 * Bad input to validation (a malformed capture, an unknown gate key, a broken index): its message
 * is one line naming the file, key or offset, fit to print as is.
 */
public class ValidationException extends RuntimeException {
  /** An error whose message is {@code message}. */
  public ValidationException(String message) {
    super(message);
  }

  /** An error whose message is {@code message}, caused by {@code cause}. */
  public ValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
