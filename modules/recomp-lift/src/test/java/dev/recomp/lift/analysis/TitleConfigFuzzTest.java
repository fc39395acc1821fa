package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class TitleConfigFuzzTest {
  /** Any text either loads or fails with one line naming the file; nothing else escapes. */
  @Property(tries = 300)
  void garbageFailsWithOneLine(
      @ForAll
          @StringLength(max = 200)
          @Chars({
            '[', ']', '{', '}', '=', '"', '\'', '\n', ' ', '#', ',', '.', 'a', 'x', '0', '1', '_'
          })
          String text)
      throws Exception {
    Path file = Files.createTempFile("fuzz", ".toml");
    try {
      Files.writeString(file, text);
      TitleConfig.load(file);
    } catch (TitleConfigException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertEquals(true, e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
    } finally {
      Files.delete(file);
    }
  }

  /** Structured but wrong documents: keys and values mixed at random from the real vocabulary. */
  @Property(tries = 300)
  void wrongStructureFailsWithOneLine(@ForAll("documents") String text) throws Exception {
    garbageFailsWithOneLine(text);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> documents() {
    var headers =
        net.jqwik.api.Arbitraries.of(
            "[[functions]]",
            "[[hooks]]",
            "[title]",
            "[[stubs]]",
            "[[switch_tables]]",
            "[[patches]]",
            "[renames]",
            "");
    var keys =
        net.jqwik.api.Arbitraries.of(
            "address", "name", "size", "class", "method", "when", "word", "targets", "table", "to",
            "bogus");
    var values =
        net.jqwik.api.Arbitraries.of(
            "0x400100", "3", "-8", "'x'", "[1, 2]", "true", "{ a = 1 }", "0x100000000");
    var line =
        net.jqwik.api.Combinators.combine(headers, keys, values)
            .as((h, k, v) -> (h.isEmpty() ? "" : h + "\n") + k + " = " + v);
    return line.list().ofMaxSize(6).map(l -> String.join("\n", l) + "\n");
  }
}
