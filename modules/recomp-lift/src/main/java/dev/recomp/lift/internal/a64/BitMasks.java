package dev.recomp.lift.internal.a64;

/** The A64 pseudocode's DecodeBitMasks, for logical immediates and bitfield moves. */
record BitMasks(long wmask, long tmask) {

  /**
   * Decodes {@code (N, imms, immr)} for a {@code bits}-wide operation, or returns null for a
   * reserved combination (no element size, or an all-ones logical immediate).
   */
  static BitMasks decode(int n, int imms, int immr, boolean immediate, int bits) {
    int combined = (n << 6) | (~imms & 0x3f);
    if (combined == 0) {
      return null;
    }
    int len = 31 - Integer.numberOfLeadingZeros(combined);
    int levels = (1 << len) - 1;
    if (immediate && (imms & levels) == levels) {
      return null;
    }
    int s = imms & levels;
    int r = immr & levels;
    int d = (s - r) & levels;
    int esize = 1 << len;
    long welem = ones(s + 1);
    long telem = ones(d + 1);
    long wmask = replicate(rotateRight(welem, r, esize), esize, bits);
    long tmask = replicate(telem, esize, bits);
    return new BitMasks(wmask, tmask);
  }

  private static long ones(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  private static long rotateRight(long v, int r, int esize) {
    if (r == 0) {
      return v;
    }
    long mask = ones(esize);
    return ((v >>> r) | (v << (esize - r))) & mask;
  }

  private static long replicate(long element, int esize, int bits) {
    long out = 0;
    for (int i = 0; i < bits; i += esize) {
      out |= element << i;
    }
    return bits == 64 ? out : out & ones(bits);
  }
}
