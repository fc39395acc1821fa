package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external unpacker mechanism, driven by real coreutils commands standing in the tool's place:
 * version recorded, output moved into place only on success, clear errors otherwise.
 */
class ExternalUnpackerTest {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  @TempDir Path dir;

  @Test
  void unpacksAndRecordsTheVersion() throws Exception {
    Path input = Files.write(dir.resolve("game.xci"), new byte[] {1, 2, 3});
    ExternalUnpacker cp =
        new ExternalUnpacker(
            List.of("cp", "{input}", "{output}/exefs.bin"), List.of("cp", "--version"));
    ExternalUnpacker.Run run = cp.unpack(input, dir.resolve("out"), TIMEOUT);
    assertTrue(run.version().startsWith("cp (GNU coreutils)"), run.version());
    assertEquals(List.of(Path.of("exefs.bin")), run.outputs());
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("out/exefs.bin")));
    assertEquals(
        List.of("cp", input.toString(), dir.resolve("out") + "/exefs.bin"), run.commandLine());
  }

  @Test
  void missingToolSaysWhatToDo() throws Exception {
    Path input = Files.write(dir.resolve("game.xci"), new byte[1]);
    ExternalUnpacker none =
        new ExternalUnpacker(
            List.of("recomp-no-such-unpacker", "{input}"),
            List.of("recomp-no-such-unpacker", "-V"));
    IntakeException e =
        assertThrows(IntakeException.class, () -> none.unpack(input, dir.resolve("out"), TIMEOUT));
    assertTrue(
        e.getMessage().startsWith("recomp-no-such-unpacker: cannot run the configured unpacker"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("install it or configure its command, with your own keys"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void failedRunLeavesNothingBehind() throws Exception {
    Path input = Files.write(dir.resolve("game.xci"), new byte[1]);
    ExternalUnpacker failing =
        new ExternalUnpacker(
            List.of("sh", "-c", "echo partial > {output}/x; echo bad keys >&2; exit 3"),
            List.of("sh", "-c", "echo 1.0"));
    IntakeException e =
        assertThrows(
            IntakeException.class, () -> failing.unpack(input, dir.resolve("out"), TIMEOUT));
    assertEquals("sh: exited with status 3 unpacking " + input + ": bad keys", e.getMessage());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(input), left.toList());
    }
  }

  @Test
  void refusesOutputInsideAGitWorkTree() throws Exception {
    Files.createDirectories(dir.resolve("repo/.git"));
    Path input = Files.write(dir.resolve("game.xci"), new byte[1]);
    ExternalUnpacker cp =
        new ExternalUnpacker(List.of("cp", "{input}", "{output}/"), List.of("cp", "--version"));
    IntakeException e =
        assertThrows(
            IntakeException.class, () -> cp.unpack(input, dir.resolve("repo/work/out"), TIMEOUT));
    assertTrue(
        e.getMessage().contains("inside the git work tree " + dir.resolve("repo")), e.getMessage());
  }
}
