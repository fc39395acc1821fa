package dev.recomp.isa;

import dev.recomp.isa.internal.OperandList;
import java.util.List;

/** One decoded A64 instruction word: an allocated encoding with its operands, or unallocated. */
public sealed interface Insn {

  /** The address the word was decoded at. */
  long pc();

  /** The raw instruction word. */
  int word();

  /**
   * An instruction of a known encoding. The operands are those of the encoding's table row (the
   * architectural form, never an alias); {@link Disassembler} chooses objdump's preferred alias.
   */
  record Op(long pc, int word, Encoding encoding, List<Operand> operands) implements Insn {
    public Op {
      operands =
          operands instanceof OperandList decoded && decoded.frozen()
              ? operands
              : List.copyOf(operands);
    }

    /** The architectural mnemonic of the encoding (condition codes and suffixes filled in). */
    public String mnemonic() {
      return encoding.mnemonic(word);
    }
  }

  /** A word that no table row accepts: unallocated or reserved. Executing it is UNDEFINED. */
  record Unallocated(long pc, int word) implements Insn {}
}
