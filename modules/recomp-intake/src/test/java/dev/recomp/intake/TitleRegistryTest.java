package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.internal.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hashed title registry finds titles by id without storing the id in clear. */
class TitleRegistryTest {
  @TempDir Path dir;

  static final String ID = "0100000000001234";

  private Path write(String toml) throws IOException {
    return Files.writeString(dir.resolve("titles.toml"), toml);
  }

  @Test
  void findsByTitleIdAnyCase() throws Exception {
    String hash = Hashing.sha256Hex(ID.getBytes(StandardCharsets.US_ASCII));
    Path file =
        write(
            """
            schema_version = 1
            [[titles]]
            title_id_sha256 = "%s"
            path = "dumps/game.nsp"
            label = "mine"
            """
                .formatted(hash));
    TitleRegistry r = TitleRegistry.load(file);
    TitleRegistry.Entry e = r.find(ID.toUpperCase()).orElseThrow();
    assertEquals(dir.resolve("dumps/game.nsp").toAbsolutePath(), e.path());
    assertEquals(Optional.of("mine"), e.label());
    assertEquals(Optional.empty(), r.find("0100000000009999"));
    assertTrue(!Files.readString(file).contains(ID), "the registry never holds the id in clear");
  }

  @Test
  void duplicatesAndUnknownKeysAreRefused() throws IOException {
    String hash = "a".repeat(64);
    Path dup =
        write(
            """
            schema_version = 1
            [[titles]]
            title_id_sha256 = "%s"
            path = "/a"
            [[titles]]
            title_id_sha256 = "%s"
            path = "/b"
            """
                .formatted(hash, hash));
    IntakeException e = assertThrows(IntakeException.class, () -> TitleRegistry.load(dup));
    assertEquals(dup + ": titles[1].title_id_sha256: registered twice", e.getMessage());
    Path unknown = write("schema_version = 1\n[[titles]]\ntitle_id = \"x\"\npath = \"/a\"\n");
    e = assertThrows(IntakeException.class, () -> TitleRegistry.load(unknown));
    assertEquals(
        unknown
            + ": unknown key \"titles[0].title_id\" (known keys here: label, path, title_id_sha256)",
        e.getMessage());
  }

  @Test
  void titleIdsMustBeSixteenHexDigits() {
    assertThrows(IllegalArgumentException.class, () -> TitleRegistry.hashTitleId("1234"));
  }
}
