package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.InputFiles;
import dev.recomp.intake.internal.SwitchModule;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads Switch homebrew NRO files (layout per switchbrew "NRO"): the start and NRO headers, the
 * .text/.rodata/.data segments (whose file offsets are their memory offsets), bss, the module id,
 * MOD0 and the dynamic section it points to, and the optional asset section (icon, NACP, RomFS).
 */
public final class NroReader {
  private static final int HEADER_SIZE = 0x80;
  private static final int ASSET_HEADER_SIZE = 0x38;

  private NroReader() {}

  /** Whether {@code bytes} carry the NRO magic "NRO0" at offset 0x10. */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 0x14
        && bytes[0x10] == 'N'
        && bytes[0x11] == 'R'
        && bytes[0x12] == 'O'
        && bytes[0x13] == '0';
  }

  /** Reads the NRO at {@code path}. */
  public static NroFile read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes} (copied) as an NRO named {@code source} in errors. */
  public static NroFile read(String source, byte[] bytes) throws IntakeException {
    return read(source, bytes, Hashing.sha256Hex(bytes));
  }

  /** As {@link #read(String, byte[])}, with the SHA-256 of {@code bytes} given. */
  static NroFile read(String source, byte[] bytes, String sha256) throws IntakeException {
    byte[] own = bytes.clone();
    Bin bin = new Bin(source, own);
    Struct h = bin.struct("NRO header", 0, HEADER_SIZE);
    if (!h.hasMagic(0x10, "NRO0")) {
      throw h.error("expected magic \"NRO0\" at 0x10");
    }
    long size = h.u32(0x18);
    if (size < HEADER_SIZE || size > bin.size()) {
      throw h.error("NRO size " + hex(size) + " outside 0x80..file size " + hex(bin.size()));
    }
    Segment text = segment(bin, h, ".text", 0x20, 0, Permissions.RX, size);
    Segment ro = segment(bin, h, ".rodata", 0x28, 0, Permissions.R, size);
    Segment data = segment(bin, h, ".data", 0x30, h.u32(0x38), Permissions.RW, size);
    byte[] moduleId = h.bytes().asSlice(0x40, 0x20).toArray(ValueLayout.JAVA_BYTE);
    GuestImage image =
        SwitchModule.image(source, ImageFormat.NRO, text, ro, data, moduleId, sha256, bin.size());
    return new NroFile(image, assets(bin, size));
  }

  private static Segment segment(
      Bin bin, Struct h, String name, int at, long bss, Permissions permissions, long nroSize)
      throws IntakeException {
    long offset = h.u32(at);
    long size = h.u32(at + 4);
    if (offset + size > nroSize) {
      throw h.error(
          name + " segment " + hex(offset) + "+" + hex(size) + " beyond NRO size " + hex(nroSize));
    }
    MemorySegment bytes = bin.range(h, name + " segment", offset, size);
    return new Segment(name, offset, size + bss, offset, bytes, permissions);
  }

  private static Optional<NroAssets> assets(Bin bin, long at) throws IntakeException {
    if (at == bin.size()) {
      return Optional.empty();
    }
    Struct a = bin.struct("asset header", at, ASSET_HEADER_SIZE);
    if (!a.hasMagic(0, "ASET")) {
      throw a.error("expected magic \"ASET\" after the NRO's end");
    }
    Optional<MemorySegment> icon = assetSection(bin, a, "icon", 0x08);
    Optional<MemorySegment> nacpBytes = assetSection(bin, a, "NACP", 0x18);
    Optional<MemorySegment> romfsBytes = assetSection(bin, a, "RomFS", 0x28);
    Optional<Nacp> nacp = Optional.empty();
    if (nacpBytes.isPresent()) {
      nacp =
          Optional.of(
              Nacp.read(
                  bin.source() + ": NACP at " + hex(at + a.u64(0x18)),
                  nacpBytes.get().toArray(ValueLayout.JAVA_BYTE)));
    }
    Optional<RomFs> romfs = Optional.empty();
    if (romfsBytes.isPresent()) {
      romfs =
          Optional.of(
              RomFs.read(
                  bin.source() + ": RomFS at " + hex(at + a.u64(0x28)),
                  romfsBytes.get().toArray(ValueLayout.JAVA_BYTE)));
    }
    return Optional.of(new NroAssets(icon, nacp, romfs));
  }

  private static Optional<MemorySegment> assetSection(Bin bin, Struct a, String name, int at)
      throws IntakeException {
    long offset = a.u64(at);
    long size = a.u64(at + 8);
    if (size == 0) {
      return Optional.empty();
    }
    if (Long.compareUnsigned(offset, bin.size()) > 0) {
      throw a.error(name + " asset offset " + hex(offset) + " beyond file size " + hex(bin.size()));
    }
    return Optional.of(bin.range(a, name + " asset", a.offset() + offset, size));
  }
}
