package dev.recomp.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Decoding is total and deterministic, and every result prints. */
class DecoderPropertiesTest {

  private final Decoder decoder = Decoder.standard();

  @Property(tries = 20000)
  void decodingAnyWordNeverThrowsAndIsDeterministic(@ForAll int word, @ForAll long pc) {
    long aligned = pc & ~3L;
    Insn first = decoder.decode(aligned, word);
    Insn second = decoder.decode(aligned, word);
    assertEquals(first, second);
    assertEquals(word, first.word());
    assertEquals(aligned, first.pc());
  }

  @Property(tries = 20000)
  void everyDecodedWordDisassembles(@ForAll int word) {
    Insn insn = decoder.decode(0x400000, word);
    String text = Disassembler.format(insn);
    assertFalse(text.isBlank());
    if (insn instanceof Insn.Op op) {
      assertEquals(op.mnemonic(), op.encoding().mnemonic(word));
      assertFalse(text.startsWith(".inst"));
    } else {
      assertEquals(String.format(".inst\t0x%08x ; undefined", word), text);
    }
  }

  /**
   * The compiled index (candidate slots, tabulated guards) selects exactly what the table says: the
   * first row in table order whose fixed bits match and whose guards hold.
   */
  @Property(tries = 20000)
  void compiledLookupEqualsTableOrderScan(@ForAll int word) {
    Encoding expected = null;
    for (Encoding e : decoder.encodings()) {
      if (e.row().matches(word)) {
        expected = e;
        break;
      }
    }
    assertEquals(expected, decoder.encodingOf(word));
  }

  @Property(tries = 2000)
  void everyEncodingDisassemblesFromItsOwnPattern(@ForAll int noise) {
    for (Encoding e : decoder.encodings()) {
      int word = (noise & ~e.mask()) | e.bits();
      Insn insn = decoder.decode(0x1000, word);
      assertFalse(Disassembler.format(insn).isBlank());
    }
  }
}
