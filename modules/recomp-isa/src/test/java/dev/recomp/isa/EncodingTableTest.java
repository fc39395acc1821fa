package dev.recomp.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The table loader's validation (decodetree-style fixtures) and the built-in table's health. */
class EncodingTableTest {

  private static final List<String> ERROR_FIXTURES =
      List.of(
          "err_alias.table",
          "err_alias_orphan.table",
          "err_char.table",
          "err_columns.table",
          "err_directive.table",
          "err_duplicate.table",
          "err_field_missing.table",
          "err_field_unused.table",
          "err_guard.table",
          "err_guard_column.table",
          "err_length.table",
          "err_operand.table",
          "err_overlap.table",
          "err_placeholder.table",
          "err_shadowed.table");

  static Stream<String> errorFixtures() {
    return ERROR_FIXTURES.stream();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = EncodingTableTest.class.getResourceAsStream("tables/" + name)) {
      assertNotNull(in, "missing test fixture tables/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @MethodSource("errorFixtures")
  void brokenTableIsRejectedWithFileLineMessage(String name) throws IOException {
    String text = fixture(name);
    String expected = text.lines().findFirst().orElseThrow().replaceFirst("^# error: ", "");
    TableException e =
        assertThrows(TableException.class, () -> Decoder.load(name, new StringReader(text)));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void orderedTableWithAliasAndGuardLoads() throws Exception {
    Decoder d = Decoder.load("succ_ordered.table", new StringReader(fixture("succ_ordered.table")));
    assertEquals("s\t", Disassembler.format(d.decode(0, 1)));
    assertEquals("al\t", Disassembler.format(d.decode(0, 2)));
    assertEquals("g\t#3", Disassembler.format(d.decode(0, 3)));
    assertEquals("gu\t#1", Disassembler.format(d.decode(0, 0x80000001)));
    assertTrue(d.decode(0, 0x80000000) instanceof Insn.Unallocated);
  }

  /** Guards reading more bits than the decoder tabulates are evaluated directly, same result. */
  @Test
  void wideGuardIsEvaluatedDirectly() throws Exception {
    String table = "SAME  0000_0000_aaaaaaaaa_bbbbbbbbb_000000  same  #a  ?a==b\n";
    Decoder d = Decoder.load("wide.table", new StringReader(table));
    assertEquals("same\t#5", Disassembler.format(d.decode(0, 5 << 15 | 5 << 6)));
    assertTrue(d.decode(0, 5 << 15 | 6 << 6) instanceof Insn.Unallocated);
  }

  @Test
  void builtInTableLoadsWithUniqueNames() throws Exception {
    try (InputStream in = Decoder.class.getResourceAsStream("a64.table");
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      Decoder d = Decoder.load("a64.table", reader);
      assertTrue(d.encodings().size() > 500, "encodings: " + d.encodings().size());
      assertEquals(
          d.encodings().size(), d.encodings().stream().map(Encoding::name).distinct().count());
    }
  }

  /**
   * Every row is reachable (dynarmic's table walk, sampled): filling a row's non-fixed bits at
   * random yields at least one word that decodes to that row, so no row is dead or shadowed.
   */
  @Test
  void everyEncodingIsReachable() {
    Decoder d = Decoder.standard();
    SplittableRandom random = new SplittableRandom(42);
    List<String> unreachable = new ArrayList<>();
    for (Encoding e : d.encodings()) {
      boolean hit = false;
      for (int i = 0; i < 4000 && !hit; i++) {
        int word = (random.nextInt() & ~e.mask()) | e.bits();
        hit = d.encodingOf(word) == e;
      }
      if (!hit) {
        unreachable.add(e.name() + " (line " + e.line() + ")");
      }
    }
    assertEquals(List.of(), unreachable);
  }
}
