package dev.recomp.manifest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All-or-nothing file writes: the bytes go to a temporary file beside the target, which is then
 * renamed over it, so a reader (or a run killed mid-write) never sees half a file. A target that
 * already holds the same bytes is left untouched, keeping its timestamp.
 */
public final class AtomicFiles {
  private static final int ATTEMPTS = 16;

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code target}; returns false when the target already held them. */
  public static boolean write(Path target, byte[] bytes) {
    try {
      if (Files.isRegularFile(target)
          && Files.size(target) == bytes.length
          && Arrays.equals(Files.readAllBytes(target), bytes)) {
        return false;
      }
      Path temp = temporaryBeside(target);
      try {
        Files.write(temp, bytes);
        moveInto(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
      return true;
    } catch (IOException e) {
      throw new ManifestException(target + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * A new empty temporary file in the target's directory (created if missing), with the permissions
   * any new file gets (0666 less the umask), not the owner-only ones of {@link
   * Files#createTempFile}: what is renamed over the target is for other users to read too.
   */
  public static Path temporaryBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    for (int attempt = 1; ; attempt++) {
      Path temp =
          dir.resolve(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Renames {@code temp} over {@code target} atomically. */
  public static void moveInto(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename atomically: " + e.getMessage(), e);
    }
  }
}
