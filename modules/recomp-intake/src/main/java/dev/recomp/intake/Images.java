package dev.recomp.intake;

import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.InputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Reads any supported executable format into a {@link GuestImage}, choosing by magic bytes. */
public final class Images {
  private interface Reader {
    GuestImage read(String source, byte[] bytes, String sha256) throws IntakeException;
  }

  private record Format(String description, Predicate<byte[]> magic, Reader reader) {}

  private static final List<Format> FORMATS =
      List.of(
          new Format("ELF (\\x7fELF at 0x0)", ElfReader::hasMagic, ElfReader::read),
          new Format(
              "NRO (NRO0 at 0x10)",
              NroReader::hasMagic,
              (s, b, sha256) -> NroReader.read(s, b, sha256).image()),
          new Format("NSO (NSO0 at 0x0)", NsoReader::hasMagic, NsoReader::read));

  private Images() {}

  /** Reads {@code path}, whatever its extension, by the magic at the start of its contents. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes}, named {@code source} in errors, by their magic. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    return formatOf(source, bytes).reader().read(source, bytes, Hashing.sha256Hex(bytes));
  }

  /**
   * As {@link #read(String, byte[])}, for a caller that already knows the SHA-256 of {@code bytes}:
   * it is taken as given, not checked. A recompiled jar records its guest's at compile time, and
   * hashing the binary again at every launch would be a sizeable part of its start-up.
   *
   * @throws IllegalArgumentException when {@code sha256} is not 64 lower-case hex digits
   */
  public static GuestImage read(String source, byte[] bytes, String sha256) throws IntakeException {
    if (!Hashing.isSha256Hex(sha256)) {
      throw new IllegalArgumentException(
          source + ": SHA-256 '" + sha256 + "' is not 64 lower-case hex digits");
    }
    return formatOf(source, bytes).reader().read(source, bytes, sha256);
  }

  private static Format formatOf(String source, byte[] bytes) throws IntakeException {
    for (Format f : FORMATS) {
      if (f.magic().test(bytes)) {
        return f;
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
