package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recomp disasm}: objdump's instruction lines for a fixture binary; one-line failures. */
class DisasmCommandTest {
  private static final Pattern LINE = Pattern.compile("^ +([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$");

  private static String normalize(String text) {
    return text.replaceAll("\\s*//.*$", "")
        .replaceAll("\\s*<[^>]*>", "")
        .strip()
        .replaceAll("\\s+", " ");
  }

  /** The instruction texts of a golden listing (scripts/record-objdump-goldens.sh). */
  private static List<String> golden(Path file) throws Exception {
    List<String> texts = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String s;
      while ((s = in.readLine()) != null) {
        if (!s.startsWith("!") && !s.startsWith("@")) {
          texts.add(normalize(s.substring(9)));
        }
      }
    }
    return texts;
  }

  @Test
  void printsEveryExecutableWordAsObjdumpDoes() throws Exception {
    Path root = Path.of(System.getProperty("recomp.repo.root"));
    String name = "hello-musl-O2";
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(), "disasm", root.resolve("fixtures/bin").resolve(name).toString());
    assertEquals(0, r.status(), r.err());
    List<String> ours = new ArrayList<>();
    for (String line : r.out().lines().toList()) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        ours.add(normalize(m.group(3)));
      }
    }
    List<String> theirs = golden(root.resolve("fixtures/objdump").resolve(name + ".tsv.gz"));
    assertEquals(theirs.size(), ours.size());
    int differ = 0;
    for (int i = 0; i < ours.size(); i++) {
      if (!theirs.get(i).startsWith(".word") && !ours.get(i).equals(theirs.get(i))) {
        differ++;
      }
    }
    assertEquals(0, differ);
    assertTrue(r.out().contains("Disassembly of section .text:"), r.out());
    assertTrue(r.out().contains("<main>:"), r.out());
  }

  @Test
  void badInputIsOneLineAndStatus1(@TempDir Path dir) throws Exception {
    Path junk = Files.write(dir.resolve("junk.elf"), new byte[] {0x7f, 'E', 'L', 'F', 2});
    CliTest.Run r = CliTest.run(new RecompCommand(), "disasm", junk.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
