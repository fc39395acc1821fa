package dev.recomp.validation.internal;

/** The first difference between two byte streams, with context, as printable text. */
public record ByteDiff(long offset, String expected, String actual) {
  /** The first difference of {@code actual} from {@code expected}, or {@code null} if equal. */
  public static ByteDiff first(byte[] expected, byte[] actual, int context) {
    int n = Math.min(expected.length, actual.length);
    int i = java.util.Arrays.mismatch(expected, actual);
    if (i < 0) {
      return null;
    }
    int from = Math.max(0, Math.min(i, n) - context);
    return new ByteDiff(
        i, excerpt(expected, from, i, i + context), excerpt(actual, from, i, i + context));
  }

  /**
   * {@code bytes[from, to)} as printable text: ASCII as is, others escaped; ends in {@code <EOF>}
   * when the stream ends at or before {@code at}, the point of difference.
   */
  public static String excerpt(byte[] bytes, int from, int at, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < Math.min(to, bytes.length); i++) {
      int b = bytes[i] & 0xFF;
      switch (b) {
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\\' -> s.append("\\\\");
        default -> {
          if (b >= 0x20 && b < 0x7F) {
            s.append((char) b);
          } else {
            s.append(String.format("\\x%02x", b));
          }
        }
      }
    }
    if (at >= bytes.length) {
      s.append("<EOF>");
    }
    return s.toString();
  }
}
