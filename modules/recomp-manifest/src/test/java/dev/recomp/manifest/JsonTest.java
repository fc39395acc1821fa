package dev.recomp.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  @TempDir Path dir;

  @Test
  void canonicalFormSortsKeysAndEndsWithNewline() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("zeta", 1);
    map.put("alpha", List.of("b", "a"));
    map.put("mid", Map.of("y", true, "x", false));
    String text = new String(Json.canonical(map), StandardCharsets.UTF_8);
    assertEquals(
        "{\n  \"alpha\": [\n    \"b\",\n    \"a\"\n  ],\n  \"mid\": {\n    \"x\": false,\n"
            + "    \"y\": true\n  },\n  \"zeta\": 1\n}\n",
        text);
  }

  @Test
  void identicalRewriteLeavesTheFileUntouched() throws Exception {
    Path file = dir.resolve("a/b.json");
    assertTrue(AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8)));
    FileTime old = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(file, old);
    assertFalse(AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8)));
    assertEquals(old, Files.getLastModifiedTime(file));
    assertTrue(AtomicFiles.write(file, "y".getBytes(StandardCharsets.UTF_8)));
    assertEquals("y", Files.readString(file));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file left behind");
    }
  }

  /** Other users may read what we write if they may read any new file (the umask decides). */
  @Test
  void aWrittenFileHasThePermissionsOfAnyNewFile() throws Exception {
    Path plain = Files.createFile(dir.resolve("plain"));
    Path file = dir.resolve("run-manifest.json");
    AtomicFiles.write(file, "{}".getBytes(StandardCharsets.UTF_8));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
  }

  @Test
  void invalidRecordIsNeverWritten() {
    Path file = dir.resolve("index.json");
    ArtifactIndex bad = new ArtifactIndex(1, "", "/abs/run-manifest.json", null, null, List.of());
    ManifestException e = assertThrows(ManifestException.class, () -> bad.write(file));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().contains("index.json"), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void indexRoundTrips() {
    Path file = dir.resolve("artifact-index.json");
    ArtifactIndex index =
        new ArtifactIndex(
            1,
            "hello",
            "run-manifest.json",
            null,
            null,
            List.of(new ArtifactRecord("run/stdout", "0".repeat(64), 3, "capture_stdout", "run")));
    byte[] bytes = index.write(file);
    assertEquals(index, ArtifactIndex.read(file));
    assertArrayEquals(bytes, Json.canonical(ArtifactIndex.read(file)));
    assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("out_dir"));
  }

  @Test
  void syntaxErrorNamesFileAndLine() {
    ManifestException e =
        assertThrows(
            ManifestException.class,
            () -> Json.parse("{\n  \"a\": [1,\n}".getBytes(StandardCharsets.UTF_8), "f.json"));
    assertTrue(e.getMessage().startsWith("f.json:3:"), e.getMessage());
  }

  @Property(tries = 300)
  void garbageIsAOneLineErrorOrAValue(@ForAll byte[] garbage) {
    try {
      Json.parse(garbage, "garbage.json");
    } catch (ManifestException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().startsWith("garbage.json"), e.getMessage());
    }
  }

  @Test
  void fingerprintFieldsCannotBeShifted() {
    String a = Fingerprint.of("t").add("ab", "c").hex();
    String b = Fingerprint.of("t").add("a", "bc").hex();
    assertFalse(a.equals(b));
    assertTrue(Sha256.isHex(a));
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
  }
}
