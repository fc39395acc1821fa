package dev.recomp.lift;

/** The value types of the IR: integers of 1 to 128 bits and IEEE binary32/binary64 floats. */
public enum Type {
  I1(1, false),
  I8(8, false),
  I16(16, false),
  I32(32, false),
  I64(64, false),
  I128(128, false),
  F32(32, true),
  F64(64, true);

  private final int bits;
  private final boolean floating;

  Type(int bits, boolean floating) {
    this.bits = bits;
    this.floating = floating;
  }

  /** Width in bits. */
  public int bits() {
    return bits;
  }

  /** True for {@link #F32} and {@link #F64}. */
  public boolean isFloat() {
    return floating;
  }

  /** True for the integer types {@code i1} to {@code i128}. */
  public boolean isInteger() {
    return !floating;
  }

  /** The integer type of a memory access of {@code bytes} bytes (1, 2, 4, 8 or 16). */
  public static Type ofBytes(int bytes) {
    return switch (bytes) {
      case 1 -> I8;
      case 2 -> I16;
      case 4 -> I32;
      case 8 -> I64;
      case 16 -> I128;
      default -> throw new IllegalArgumentException("no integer type of " + bytes + " bytes");
    };
  }

  /** The text form's spelling, e.g. {@code i64}. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
