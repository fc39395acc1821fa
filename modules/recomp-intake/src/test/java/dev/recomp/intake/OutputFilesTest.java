package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  /** Other users may read what we write if they may read any new file (the umask decides). */
  @Test
  void aWrittenFileHasThePermissionsOfAnyNewFile() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain"));
    Path written = dir.resolve("out/app.jar");
    OutputFiles.replace(written, new byte[] {1, 2, 3});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(written));
  }

  @Test
  void aWriterThatFailsLeavesTheTargetAsItWasAndNoTemporary() throws IOException {
    Path target = dir.resolve("trace.json");
    OutputFiles.replace(target, "old".getBytes());
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                OutputFiles.replace(
                    target,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals("old", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void theWritersResultIsReturned() throws IOException {
    Path target = dir.resolve("a.bin");
    int written =
        OutputFiles.replace(
            target,
            out -> {
              out.write(new byte[7]);
              return 7;
            });
    assertEquals(7, written);
    assertEquals(7, Files.size(target));
  }
}
