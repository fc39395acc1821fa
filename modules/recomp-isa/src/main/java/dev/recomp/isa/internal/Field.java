package dev.recomp.isa.internal;

/**
 * A letter field of a pattern: the bits marked with one letter, concatenated from the most to the
 * least significant (as decodetree concatenates field pieces).
 */
record Field(char letter, int[] positions) {

  /** The field's bits of {@code word} as an unsigned value. */
  int extract(int word) {
    int value = 0;
    for (int position : positions) {
      value = (value << 1) | ((word >>> position) & 1);
    }
    return value;
  }

  int width() {
    return positions.length;
  }
}
