package dev.recomp.isa.internal;

/**
 * A letter field of a pattern: the bits marked with one letter, concatenated from the most to the
 * least significant (as decodetree concatenates field pieces). A contiguous field is extracted with
 * one shift and mask.
 */
record Field(char letter, int[] positions, int shift, int mask, boolean contiguous) {

  static Field of(char letter, int[] positions) {
    boolean contiguous = true;
    for (int i = 1; i < positions.length; i++) {
      contiguous &= positions[i] == positions[i - 1] - 1;
    }
    int low = positions[positions.length - 1];
    int mask = positions.length == 32 ? -1 : (1 << positions.length) - 1;
    return new Field(letter, positions, low, mask, contiguous);
  }

  /** The field's bits of {@code word} as an unsigned value. */
  int extract(int word) {
    if (contiguous) {
      return (word >>> shift) & mask;
    }
    int value = 0;
    for (int position : positions) {
      value = (value << 1) | ((word >>> position) & 1);
    }
    return value;
  }

  /** The field's bit positions as a word mask. */
  int bitMask() {
    int bits = 0;
    for (int position : positions) {
      bits |= 1 << position;
    }
    return bits;
  }

  int width() {
    return positions.length;
  }
}
