package dev.recomp.isa.internal;

import dev.recomp.isa.Extension;
import dev.recomp.isa.Operand;
import java.util.ArrayList;
import java.util.List;

/**
 * One parsed table row: an encoding (decoded by {@code Decoder}) or an alias of the encoding above
 * it (chosen by the disassembler). Immutable after loading.
 */
public final class Row {
  private final String name;
  private final int line;
  private final Extension extension;
  private final int mask;
  private final int bits;
  private final Field[] fields;
  private final Mnemonic mnemonic;
  private final List<OperandKind> operands;
  private final List<Guard> guards;
  private final Guard[] guardArray;
  private final OperandKind[] operandArray;
  private final int maxOperands;
  private final int guardMask;
  private final List<Row> aliases = new ArrayList<>();

  Row(
      String name,
      int line,
      Extension extension,
      int mask,
      int bits,
      Field[] fields,
      Mnemonic mnemonic,
      List<OperandKind> operands,
      List<Guard> guards) {
    this.name = name;
    this.line = line;
    this.extension = extension;
    this.mask = mask;
    this.bits = bits;
    this.fields = fields;
    this.mnemonic = mnemonic;
    this.operands = List.copyOf(operands);
    this.guards = List.copyOf(guards);
    this.guardArray = guards.toArray(Guard[]::new);
    this.operandArray = operands.toArray(OperandKind[]::new);
    this.maxOperands = operands.stream().mapToInt(OperandKind::maxOperands).sum();
    int read = 0;
    for (Guard guard : guards) {
      for (char letter : guard.letters()) {
        read |= fields[letter - 'A'].bitMask();
      }
    }
    this.guardMask = read;
  }

  public String name() {
    return name;
  }

  public int line() {
    return line;
  }

  public Extension extension() {
    return extension;
  }

  public int mask() {
    return mask;
  }

  public int bits() {
    return bits;
  }

  /** The aliases of this encoding, in table order (first match is objdump's preferred one). */
  public List<Row> aliases() {
    return aliases;
  }

  void addAlias(Row alias) {
    aliases.add(alias);
  }

  /** Whether {@code word} matches the fixed bits and satisfies every guard of the row. */
  public boolean matches(int word) {
    if ((word & mask) != bits) {
      return false;
    }
    for (Guard guard : guardArray) {
      if (!guard.test(this, word)) {
        return false;
      }
    }
    return true;
  }

  /** The value of the letter field {@code letter} in {@code word}. */
  int field(char letter, int word) {
    return fields[letter - 'A'].extract(word);
  }

  /** The width in bits of the letter field {@code letter}. */
  int fieldWidth(char letter) {
    return fields[letter - 'A'].width();
  }

  public String mnemonic(int word) {
    return mnemonic.render(this, word);
  }

  /** Builds the operands of this row for {@code word} decoded at {@code pc}. */
  public List<Operand> operands(long pc, int word) {
    OperandList out = new OperandList(maxOperands);
    for (OperandKind kind : operandArray) {
      kind.build(this, word, pc, out);
    }
    return out.freeze();
  }

  /**
   * The word bits the guards read (0 when unguarded): whether the guards hold is a function of
   * {@code word & guardMask()} alone, so the decoder can tabulate it.
   */
  public int guardMask() {
    return guardMask;
  }

  /** Whether the row has guards beyond its fixed bits. */
  public boolean guarded() {
    return guardArray.length > 0;
  }
}
