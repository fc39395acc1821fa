package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.internal.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** provenance.toml: pinned inputs verify, anything else is refused with one line naming the key. */
class ProvenanceTest {
  @TempDir Path dir;
  byte[] tiny;
  String tinySha;

  @BeforeEach
  void copyInput() throws IOException {
    tiny = Fixtures.bytes(Fixtures.elf("tiny"));
    tinySha = Hashing.sha256Hex(tiny);
    Files.write(dir.resolve("tiny"), tiny);
  }

  private Path write(String toml) throws IOException {
    return Files.writeString(dir.resolve("provenance.toml"), toml);
  }

  private String valid(String inputExtra, String sha, long size, String format) {
    return """
        schema_version = 1

        [title]
        name = "tiny"
        track = "homebrew"

        [[inputs]]
        path = "tiny"
        sha256 = "%s"
        size = %d
        format = "%s"
        role = "main"
        %s
        """
        .formatted(sha, size, format, inputExtra);
  }

  private String refused(String toml) throws IOException {
    Path file = write(toml);
    IntakeException e = assertThrows(IntakeException.class, () -> Provenance.load(file).verify());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e.getMessage().substring(file.toString().length() + 2);
  }

  @Test
  void matchingInputsVerify() throws Exception {
    Provenance p = Provenance.load(write(valid("", tinySha, tiny.length, "elf")));
    assertEquals("tiny", p.title().name());
    assertEquals(1, p.verify().size());
    assertEquals(dir.resolve("tiny").toAbsolutePath(), p.verify().getFirst().file());
  }

  @Test
  void shaMismatchRefusesTheRun() throws IOException {
    String other = "0".repeat(64);
    assertEquals(
        "inputs[0] \"tiny\": sha256 "
            + tinySha
            + " differs from the pinned "
            + other
            + "; run refused",
        refused(valid("", other, tiny.length, "elf")));
  }

  @Test
  void sizeMismatchRefusesTheRun() throws IOException {
    assertEquals(
        "inputs[0] \"tiny\": size " + tiny.length + " differs from the pinned size 12; run refused",
        refused(valid("", tinySha, 12, "elf")));
  }

  @Test
  void missingInputRefusesTheRun() throws IOException {
    Files.delete(dir.resolve("tiny"));
    assertTrue(
        refused(valid("", tinySha, tiny.length, "elf")).endsWith("does not exist; run refused"));
  }

  @Test
  void wrongDeclaredFormatRefusesTheRun() throws IOException {
    assertEquals(
        "inputs[0] \"tiny\": declared format nro but the file lacks its magic at 0x10; run refused",
        refused(valid("", tinySha, tiny.length, "nro")));
  }

  @Test
  void unknownKeysAreNamed() throws IOException {
    assertEquals(
        "unknown key \"inputs[0].colour\" (known keys here: format, path, role, sha256, size)",
        refused(valid("colour = \"red\"", tinySha, tiny.length, "elf")));
    assertEquals(
        "unknown key \"extra\" (known keys here: inputs, schema_version, title)",
        refused("extra = 1\n" + valid("", tinySha, tiny.length, "elf")));
  }

  @Test
  void wrongTypesAndValuesAreNamed() throws IOException {
    assertEquals(
        "inputs[0].size: expected an integer, found a string",
        refused(
            valid("", tinySha, tiny.length, "elf")
                .replace("size = " + tiny.length, "size = \"big\"")));
    assertEquals(
        "inputs[0].format: \"exe\" is not one of elf, nacp, nca, npdm, nro, nso, nsp, pfs0, romfs, xci",
        refused(valid("", tinySha, tiny.length, "exe")));
    assertEquals(
        "inputs[0].sha256: expected 64 lower-case hex digits",
        refused(valid("", "ABC", tiny.length, "elf")));
    assertEquals(
        "schema_version: 2 is not supported (expected 1)",
        refused(
            valid("", tinySha, tiny.length, "elf")
                .replace("schema_version = 1", "schema_version = 2")));
  }

  @Test
  void brokenTomlNamesTheLine() throws IOException {
    String message = refused("schema_version = 1\n[title\nname = 1\n");
    assertTrue(message.startsWith("line 2, column "), message);
    assertTrue(message.contains("invalid TOML"), message);
  }

  @Property(tries = 300)
  void anyTextLoadsOrFailsInOneLine(@ForAll String text) throws IOException {
    Path file = Files.createTempFile("provenance", ".toml");
    try {
      Files.writeString(file, text);
      Provenance.load(file);
    } catch (IntakeException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    } finally {
      Files.delete(file);
    }
  }
}
