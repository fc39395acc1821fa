package dev.recomp.intake;

import dev.recomp.intake.internal.InputFiles;
import java.nio.file.Path;

/** Reads any supported executable format into a {@link GuestImage}, choosing by magic bytes. */
public final class Images {
  private Images() {}

  /** Reads {@code path}, whatever its extension, by the magic at the start of its contents. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes}, named {@code source} in errors, by their magic. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    if (ElfReader.hasMagic(bytes)) {
      return ElfReader.read(source, bytes);
    }
    if (NroReader.hasMagic(bytes)) {
      return NroReader.read(source, bytes).image();
    }
    if (NsoReader.hasMagic(bytes)) {
      return NsoReader.read(source, bytes);
    }
    throw new IntakeException(
        source
            + ": unrecognized format: expected an executable image: ELF (\\x7fELF at 0x0),"
            + " NRO (NRO0 at 0x10) or NSO (NSO0 at 0x0)");
  }
}
