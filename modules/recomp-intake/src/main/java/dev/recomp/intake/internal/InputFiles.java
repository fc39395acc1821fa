package dev.recomp.intake.internal;

import dev.recomp.intake.IntakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads whole input files, turning I/O failures into one-line {@link IntakeException}s. */
public final class InputFiles {
  private InputFiles() {}

  /** The bytes of {@code path}. */
  public static byte[] read(Path path) throws IntakeException {
    try {
      long size = Files.size(path);
      if (size > Integer.MAX_VALUE - 8) {
        throw new IntakeException(path + ": file of " + size + " bytes is too large (limit 2 GiB)");
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IntakeException(path + ": no such file", e);
    } catch (IOException e) {
      throw new IntakeException(path + ": cannot read: " + e.getMessage(), e);
    }
  }
}
