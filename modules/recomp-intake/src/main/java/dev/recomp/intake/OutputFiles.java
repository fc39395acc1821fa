package dev.recomp.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * All-or-nothing writes of output files (images' descriptions, extracted files, jars, traces): the
 * bytes go to a new file beside the target, renamed over it once complete, so that a reader, or a
 * run killed mid-write, never sees half a file. The new file gets the permissions any new file gets
 * (0666 less the umask), not the owner-only ones of {@link Files#createTempFile}: a recompiled jar
 * or a trace is for other users to read too.
 */
public final class OutputFiles {
  private static final int ATTEMPTS = 16;

  private OutputFiles() {}

  /** What writes a file's bytes, and what it returns to the caller. */
  @FunctionalInterface
  public interface Writer<T> {
    T write(OutputStream out) throws IOException;
  }

  /** Replaces {@code target} with {@code bytes}, creating its directory if missing. */
  public static void replace(Path target, byte[] bytes) throws IOException {
    replace(
        target,
        out -> {
          out.write(bytes);
          return null;
        });
  }

  /**
   * Replaces {@code target} with what {@code writer} writes, creating its directory if missing; if
   * the writer throws, the target is left as it was.
   */
  public static <T> T replace(Path target, Writer<T> writer) throws IOException {
    Path temp = temporaryBeside(target);
    try {
      T result;
      try (OutputStream out = Files.newOutputStream(temp)) {
        result = writer.write(out);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return result;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A new empty file beside the target (its directory created if missing), hidden. */
  private static Path temporaryBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    for (int attempt = 1; ; attempt++) {
      try {
        return Files.createFile(dir.resolve(temporaryName(target)));
      } catch (FileAlreadyExistsException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** A hidden name beside the target's, unlikely to be taken. */
  private static String temporaryName(Path target) {
    return "."
        + target.getFileName()
        + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp";
  }
}
