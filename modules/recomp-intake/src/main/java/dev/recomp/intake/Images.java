package dev.recomp.intake;

import dev.recomp.intake.internal.Files;
import java.nio.file.Path;

/** Reads any supported executable format into a {@link GuestImage}, choosing by magic bytes. */
public final class Images {
  private Images() {}

  /** Reads {@code path}, whatever its extension, by the magic at the start of its contents. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), Files.read(path));
  }

  /** Reads {@code bytes}, named {@code source} in errors, by their magic. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    if (ElfReader.hasMagic(bytes)) {
      return ElfReader.read(source, bytes);
    }
    throw new IntakeException(
        source + ": unrecognized format at offset 0x0: expected an ELF (\\x7fELF) executable");
  }
}
