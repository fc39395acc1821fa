package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureIoTest {
  @TempDir Path tmp;

  static Capture.Recording recording() {
    TreeMap<String, byte[]> files = new TreeMap<>();
    files.put("out/data.bin", new byte[] {1, 2, 3});
    return new Capture.Recording(
        "hello\n".getBytes(StandardCharsets.UTF_8),
        "warn\n".getBytes(StandardCharsets.UTF_8),
        3,
        false,
        files,
        Optional.of(List.of(TraceEvent.parse("pc=0x400000 exit_group(3)", "t"))),
        List.of(new Fault(Fault.Kind.DISPATCH_MISS, 0x400100L, "target 0x400800")),
        TestCaptures.movingSquare(3),
        Optional.of(TestCaptures.tone(1000, 0.25, 300)));
  }

  @Test
  void roundTripsEverything() {
    Capture.Recording rec = recording();
    rec.writeTo(tmp.resolve("cap"));
    Capture c = Capture.read(tmp.resolve("cap"));
    assertArrayEquals(rec.stdout(), c.stdout());
    assertArrayEquals(rec.stderr(), c.stderr());
    assertEquals(3, c.exitStatus());
    assertEquals(Sha256.of(new byte[] {1, 2, 3}), c.files().get("out/data.bin"));
    assertEquals(rec.trace(), c.trace());
    assertEquals(rec.faults(), c.faults());
    assertEquals(3, c.frames().size());
    for (int i = 0; i < 3; i++) {
      assertEquals(rec.frames().get(i).sha256(), c.frames().get(i).sha256());
    }
    assertArrayEquals(rec.audio().get().samples(), c.audio().get().samples());
    ValidationReport self =
        Validator.validate(c, Capture.read(tmp.resolve("cap")), Gates.defaults());
    // Everything matches; only the recorded dispatch miss asks for a look.
    assertEquals(Verdict.NEEDS_REVIEW, self.verdict());
    assertEquals(1, self.count("fail"));
    assertEquals("fail", TestCaptures.result(self, "runtime-faults").status());
  }

  @Test
  void writtenMetadataMatchesItsSchema() throws IOException {
    recording().writeTo(tmp.resolve("cap"));
    assertEquals(
        List.of(),
        dev.recomp.manifest.Schema.named("capture.schema.json")
            .violations(
                dev.recomp.manifest.Json.parse(
                    Files.readAllBytes(tmp.resolve("cap/capture.json")), "capture.json")));
  }

  @Test
  void writingOverAnExistingCaptureIsRefused() throws IOException {
    Files.createDirectories(tmp.resolve("cap"));
    ValidationException e =
        assertThrows(ValidationException.class, () -> recording().writeTo(tmp.resolve("cap")));
    assertTrue(e.getMessage().endsWith("already exists"), e.getMessage());
  }

  @Test
  void missingPiecesAreNamed() throws IOException {
    recording().writeTo(tmp.resolve("cap"));
    Files.delete(tmp.resolve("cap/stdout.bin"));
    assertEquals(
        tmp.resolve("cap/stdout.bin") + ": missing",
        assertThrows(ValidationException.class, () -> Capture.read(tmp.resolve("cap")))
            .getMessage());
    assertEquals(
        tmp.resolve("nope") + ": not a capture directory",
        assertThrows(ValidationException.class, () -> Capture.read(tmp.resolve("nope")))
            .getMessage());
  }

  @Test
  void corruptFrameAndAudioAreNamed() throws IOException {
    recording().writeTo(tmp.resolve("cap"));
    Files.write(
        tmp.resolve("cap/frames/000001.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    ValidationException png =
        assertThrows(ValidationException.class, () -> Capture.read(tmp.resolve("cap")));
    assertTrue(
        png.getMessage().startsWith(tmp.resolve("cap/frames/000001.png") + ": not a"),
        png.getMessage());
    Files.delete(tmp.resolve("cap/frames/000001.png"));
    Files.write(tmp.resolve("cap/audio.s16le"), new byte[7]);
    ValidationException pcm =
        assertThrows(ValidationException.class, () -> Capture.read(tmp.resolve("cap")));
    assertTrue(pcm.getMessage().contains("not a whole number of 16-bit frames"), pcm.getMessage());
  }

  @Test
  void unknownMetadataKeyIsNamed() throws IOException {
    recording().writeTo(tmp.resolve("cap"));
    Files.writeString(
        tmp.resolve("cap/capture.json"), "{\"schema_version\":1,\"exit_status\":0,\"exit\":1}");
    assertEquals(
        tmp.resolve("cap/capture.json") + ": unknown key \"exit\"",
        assertThrows(ValidationException.class, () -> Capture.read(tmp.resolve("cap")))
            .getMessage());
  }

  @Property(tries = 200)
  void garbageMetadataIsAOneLineError(@ForAll byte[] garbage) throws IOException {
    Path dir = Files.createTempDirectory("capture-garbage");
    try {
      Files.write(dir.resolve("capture.json"), garbage);
      Files.write(dir.resolve("stdout.bin"), new byte[0]);
      Files.write(dir.resolve("stderr.bin"), new byte[0]);
      ValidationException e = assertThrows(ValidationException.class, () -> Capture.read(dir));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().startsWith(dir.resolve("capture.json").toString()), e.getMessage());
    } finally {
      Capture.deleteTree(dir);
    }
  }

  @Property(tries = 100)
  void garbageFramesAreAOneLineError(@ForAll byte[] garbage) throws IOException {
    Path dir = Files.createTempDirectory("frame-garbage");
    try {
      Files.writeString(dir.resolve("capture.json"), "{\"schema_version\":1,\"exit_status\":0}");
      Files.write(dir.resolve("stdout.bin"), new byte[0]);
      Files.write(dir.resolve("stderr.bin"), new byte[0]);
      Files.createDirectories(dir.resolve("frames"));
      Files.write(dir.resolve("frames/0.png"), garbage);
      ValidationException e = assertThrows(ValidationException.class, () -> Capture.read(dir));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    } finally {
      Capture.deleteTree(dir);
    }
  }

  @Test
  void noTempDirectoriesAreLeftBehind() throws IOException {
    recording().writeTo(tmp.resolve("cap"));
    try (var list = Files.list(tmp)) {
      assertEquals(List.of(tmp.resolve("cap")), list.toList());
    }
    assertFalse(Files.exists(tmp.resolve("cap/trace.txt.tmp")));
  }
}
