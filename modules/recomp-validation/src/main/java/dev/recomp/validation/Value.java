package dev.recomp.validation;

/** A measured value or a threshold in a report: an integer, a real number or a text. */
public sealed interface Value {
  /** The value as report text: digits, a plain decimal, or the text itself. */
  String text();

  /** An integer value. */
  record Int(long value) implements Value {
    @Override
    public String text() {
      return Long.toString(value);
    }
  }

  /**
   * A real value, rounded to six decimals so reports are stable and readable.
   *
   * @param value the value; finite
   */
  record Real(double value) implements Value {
    /** Rounds {@code value} to six decimals. */
    public Real {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("not finite: " + value);
      }
      value = Math.round(value * 1e6) / 1e6;
    }

    @Override
    public String text() {
      return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
  }

  /** A text value (a digest, a name). */
  record Text(String value) implements Value {
    @Override
    public String text() {
      return value;
    }
  }

  /** An integer. */
  static Value of(long value) {
    return new Int(value);
  }

  /** A real number. */
  static Value of(double value) {
    return new Real(value);
  }

  /** A text. */
  static Value of(String value) {
    return new Text(value);
  }
}
