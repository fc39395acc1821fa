package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.analysis.TitleConfig.FunctionHint;
import dev.recomp.lift.analysis.TitleConfig.Hook;
import dev.recomp.lift.analysis.TitleConfig.Patch;
import dev.recomp.lift.analysis.TitleConfig.Rename;
import dev.recomp.lift.analysis.TitleConfig.Selector;
import dev.recomp.lift.analysis.TitleConfig.Stub;
import dev.recomp.lift.analysis.TitleConfig.SwitchTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitleConfigTest {
  @TempDir Path dir;

  private static final String FULL =
      """
      # every table of the format
      classpath = ["hooks"]

      [title]
      name = "demo"
      sha256 = "803c441a0000000000000000000000000000000000000000000000000000ac22"

      [[functions]]
      address = 0x400100
      size = 0x40
      name = "init_tables"

      [[functions]]
      address = 4194560

      [[switch_tables]]
      branch = 0x400200
      targets = [0x400210, 0x400220]

      [[switch_tables]]
      branch = 0x400300
      table = 0x410000
      entries = 11
      entry_size = 1
      anchor = 0x400304
      shift = 2

      [[stubs]]
      name = "abort"
      returns = 0

      [[ignored]]
      address = 0x400400

      [[renames]]
      address = 0x400500
      to = "parse_args"

      [[patches]]
      address = 0x400600
      word = 0xd503201f
      comment = "nop out the delay loop"

      [[hooks]]
      address = 0x400700
      class = "org.example.Hooks"
      method = "beforeMain"
      """;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void readsEveryTable() throws Exception {
    Files.createDirectory(dir.resolve("hooks"));
    TitleConfig config = TitleConfig.load(write("title.toml", FULL));
    assertEquals(Optional.of("demo"), config.title());
    assertEquals(List.of(dir.resolve("hooks")), config.classpath());
    assertEquals(
        List.of(
            new FunctionHint(0x400100, OptionalLong.of(0x40), Optional.of("init_tables")),
            new FunctionHint(0x400100, OptionalLong.empty(), Optional.empty())),
        config.functions());
    assertEquals(
        List.of(
            new SwitchTable.Listed(0x400200, List.of(0x400210L, 0x400220L)),
            new SwitchTable.Encoded(
                0x400300, 0x410000, 11, 1, false, OptionalLong.of(0x400304), 2)),
        config.switchTables());
    assertEquals(
        List.of(new Stub(new Selector.ByName("abort"), OptionalLong.of(0))), config.stubs());
    assertEquals(List.of(new Selector.ByAddress(0x400400)), config.ignored());
    assertEquals(
        List.of(new Rename(new Selector.ByAddress(0x400500), "parse_args")), config.renames());
    assertEquals(
        List.of(new Patch(0x400600, 0xd503201f, Optional.of("nop out the delay loop"))),
        config.patches());
    assertEquals(
        List.of(new Hook(0x400700, "org.example.Hooks", "beforeMain", Hook.When.BEFORE)),
        config.hooks());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          funtions = []                                         | t.toml:1: unknown key 'funtions'
          [[hooks]]\\naddress = 4\\nclass = 'A'\\nmethod = 'm'\\n\\n[[hooks]]\\naddress = 8\\nclas = 'A'\\nmethod = 'm' | t.toml:8: unknown key 'clas' in hooks[1]
          [title]\\nname = 'x'\\nversion = 2                   | t.toml:3: unknown key 'version' in title
          functions = [ { address = 4 }, { adress = 8 } ]       | t.toml:1: unknown key 'adress' in functions[1]
          [[functions]]\\nsize = 8                              | t.toml:1: functions[0]: missing key 'address'
          [[functions]]\\naddress = 'main'                      | t.toml:2: functions[0].address: string found, integer expected
          [[functions]]\\naddress = 0x401002                    | t.toml:2: functions[0].address: must be multiple of 4
          [[patches]]\\naddress = 8\\nword = 0x100000000        | t.toml:3: patches[0].word: must have a maximum value of 4294967295
          [[hooks]]\\naddress = 8\\nclass = 'A'\\nmethod = 'm'\\nwhen = 'during' | t.toml:5: hooks[0].when: does not have a value in the enumeration ["before", "after"]
          functions = [                                         | t.toml:1:14: TOML syntax error:
          a = 1\\na = 2                                         | t.toml:2:
          """)
  void rejectsWithOneLineNamingFileLineAndKey(String text, String expectedStart) throws Exception {
    Path file = write("t.toml", text.replace("\\n", "\n"));
    var e = assertThrows(TitleConfigException.class, () -> TitleConfig.load(file));
    String message = e.getMessage().replace(file.toString(), "t.toml");
    assertEquals(1, message.lines().count(), message);
    assertEquals(
        expectedStart,
        message.substring(0, Math.min(message.length(), expectedStart.length())),
        message);
  }

  @Test
  void rejectsSelectorWithBothAddressAndName() throws Exception {
    Path file = write("t.toml", "[[ignored]]\naddress = 8\nname = 'f'\n");
    var e = assertThrows(TitleConfigException.class, () -> TitleConfig.load(file));
    assertTrue(
        e.getMessage().startsWith(file + ":1: ignored[0]: give exactly one of"), e.getMessage());
  }

  @Test
  void missingFileAndBinaryGarbage() throws Exception {
    Path missing = dir.resolve("absent.toml");
    assertEquals(
        missing + ": cannot read: no such file",
        assertThrows(TitleConfigException.class, () -> TitleConfig.load(missing)).getMessage());
    Path binary = dir.resolve("b.toml");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertEquals(
        binary + ": not UTF-8 text",
        assertThrows(TitleConfigException.class, () -> TitleConfig.load(binary)).getMessage());
  }

  @Test
  void classpathEntriesMustExistRelativeToTheFile() throws Exception {
    Path file = write("t.toml", "# hooks\nclasspath = ['missing.jar']\n");
    assertEquals(
        file + ":2: classpath[0]: no such file or directory: " + dir.resolve("missing.jar"),
        assertThrows(TitleConfigException.class, () -> TitleConfig.load(file)).getMessage());
  }

  @Test
  void hashIgnoresSpellingButNotMeaning() throws Exception {
    String a = "[[functions]]\naddress = 0x400100\nname = 'f'\n";
    String b = "# same\nfunctions = [ { name = \"f\", address = 4194560 } ]\n";
    String c = "[[functions]]\naddress = 0x400104\nname = 'f'\n";
    String hashA = TitleConfig.load(write("a.toml", a)).hash();
    assertEquals(hashA, TitleConfig.load(write("b.toml", b)).hash());
    assertNotEquals(hashA, TitleConfig.load(write("c.toml", c)).hash());
    assertNotEquals(hashA, TitleConfig.empty().hash());
    assertEquals(64, hashA.length());
  }

  @Test
  void hashCoversHookClasspathBytes() throws Exception {
    Path jar = dir.resolve("hooks.jar");
    Files.write(jar, "one".getBytes(StandardCharsets.UTF_8));
    Path file = write("t.toml", "classpath = ['hooks.jar']\n");
    String first = TitleConfig.load(file).hash();
    Files.write(jar, "two".getBytes(StandardCharsets.UTF_8));
    assertNotEquals(first, TitleConfig.load(file).hash());
  }
}
