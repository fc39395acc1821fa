package dev.recomp.intake;

import dev.recomp.intake.internal.InputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Reads any supported executable format into a {@link GuestImage}, choosing by magic bytes. */
public final class Images {
  private interface Reader {
    GuestImage read(String source, byte[] bytes) throws IntakeException;
  }

  private record Format(String description, Predicate<byte[]> magic, Reader reader) {}

  private static final List<Format> FORMATS =
      List.of(
          new Format("ELF (\\x7fELF at 0x0)", ElfReader::hasMagic, ElfReader::read),
          new Format(
              "NRO (NRO0 at 0x10)", NroReader::hasMagic, (s, b) -> NroReader.read(s, b).image()),
          new Format("NSO (NSO0 at 0x0)", NsoReader::hasMagic, NsoReader::read));

  private Images() {}

  /** Reads {@code path}, whatever its extension, by the magic at the start of its contents. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes}, named {@code source} in errors, by their magic. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    for (Format f : FORMATS) {
      if (f.magic().test(bytes)) {
        return f.reader().read(source, bytes);
      }
    }
    throw new IntakeException(
        source
            + ": unrecognized format: expected an executable image: "
            + FORMATS.stream().map(Format::description).collect(Collectors.joining(", ")));
  }

  /** Whether {@code bytes} start like an executable image this class reads. */
  static boolean isImage(byte[] bytes) {
    return FORMATS.stream().anyMatch(f -> f.magic().test(bytes));
  }
}
