package dev.recomp.isa;

import dev.recomp.isa.internal.Row;

/** One row of the encoding table: a named encoding with its bit pattern and operand kinds. */
public final class Encoding {
  private final Row row;

  Encoding(Row row) {
    this.row = row;
  }

  /** The row name, e.g. {@code ADD_imm}; unique within the table. */
  public String name() {
    return row.name();
  }

  /** The table line the row is on. */
  public int line() {
    return row.line();
  }

  /** The feature the encoding belongs to. */
  public Extension extension() {
    return row.extension();
  }

  /** The architectural mnemonic for {@code word}, with conditions and suffixes filled in. */
  public String mnemonic(int word) {
    return row.mnemonic(word);
  }

  /** The fixed bits of the pattern: a word matches when {@code (word & mask()) == bits()}. */
  public int mask() {
    return row.mask();
  }

  /** The value of the fixed bits. */
  public int bits() {
    return row.bits();
  }

  Row row() {
    return row;
  }

  @Override
  public String toString() {
    return row.name();
  }
}
