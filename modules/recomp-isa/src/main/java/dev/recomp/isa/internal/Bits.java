package dev.recomp.isa.internal;

/** Immediate expansions of the ARM ARM pseudocode (DecodeBitMasks, VFPExpandImm, SignExtend). */
public final class Bits {
  private Bits() {}

  /** Sign-extends the low {@code width} bits of {@code value}. */
  public static long signExtend(long value, int width) {
    int shift = 64 - width;
    return (value << shift) >> shift;
  }

  /**
   * The logical immediate of N:immr:imms for a register of {@code regWidth} bits, or empty when the
   * combination is reserved (DecodeBitMasks with immediate = TRUE).
   */
  public static java.util.OptionalLong bitMask(int n, int immr, int imms, int regWidth) {
    int combined = (n << 6) | (~imms & 0x3f);
    int len = 31 - Integer.numberOfLeadingZeros(combined);
    if (len < 1) {
      return java.util.OptionalLong.empty();
    }
    int size = 1 << len;
    if (size > regWidth) {
      return java.util.OptionalLong.empty();
    }
    int levels = size - 1;
    int s = imms & levels;
    int r = immr & levels;
    if (s == levels) {
      return java.util.OptionalLong.empty();
    }
    long element = (s + 1 == 64) ? -1L : (1L << (s + 1)) - 1;
    if (r != 0) {
      long sizeMask = size == 64 ? -1L : (1L << size) - 1;
      element = ((element >>> r) | (element << (size - r))) & sizeMask;
    }
    long result = 0;
    for (int i = 0; i < regWidth; i += size) {
      result |= element << i;
    }
    return java.util.OptionalLong.of(regWidth == 64 ? result : result & 0xffffffffL);
  }

  /** VFPExpandImm for a double: the 8-bit imm8 encoding a+b+cdefgh. */
  public static double fpImm8(int imm8) {
    int sign = (imm8 >> 7) & 1;
    int b = (imm8 >> 6) & 1;
    int exp = ((b ^ 1) << 10) | ((b == 1 ? 0xff : 0) << 2) | ((imm8 >> 4) & 3);
    long frac = (long) (imm8 & 0xf) << 48;
    return Double.longBitsToDouble(((long) sign << 63) | ((long) exp << 52) | frac);
  }
}
