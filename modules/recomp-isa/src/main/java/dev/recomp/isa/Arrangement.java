package dev.recomp.isa;

/** A vector arrangement: lane count and lane size, printed as in {@code v0.4s}. */
public enum Arrangement {
  B8(8, 'b'),
  B16(16, 'b'),
  H4(4, 'h'),
  H8(8, 'h'),
  S2(2, 's'),
  S4(4, 's'),
  D1(1, 'd'),
  D2(2, 'd'),
  /** The 128-bit polynomial result of PMULL2/PMULL with 64-bit elements. */
  Q1(1, 'q');

  private final int lanes;
  private final char size;

  Arrangement(int lanes, char size) {
    this.lanes = lanes;
    this.size = size;
  }

  /** The arrangement of lane size {@code log2Bytes} (0 = b .. 3 = d) in a 64- or 128-bit vector. */
  public static Arrangement of(int log2Bytes, boolean full) {
    return log2Bytes == 4 ? Q1 : values()[log2Bytes * 2 + (full ? 1 : 0)];
  }

  public int lanes() {
    return lanes;
  }

  public char size() {
    return size;
  }

  /** Whether the arrangement fills a 128-bit register. */
  public boolean full() {
    return this == Q1 || ordinal() % 2 == 1;
  }

  @Override
  public String toString() {
    return lanes + String.valueOf(size);
  }
}
