package dev.recomp.intake;

/** The container a {@link GuestImage} was read from. */
public enum ImageFormat {
  /** An AArch64 ELF64 little-endian executable (ET_EXEC, or ET_DYN static PIE). */
  ELF,
  /** A Switch homebrew executable (NRO0). */
  NRO,
  /** A Switch system/retail module (NSO0), segments possibly LZ4-compressed. */
  NSO
}
