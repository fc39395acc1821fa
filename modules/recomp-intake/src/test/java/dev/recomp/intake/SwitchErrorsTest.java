package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Corrupted Switch files: each gives one clear line naming the file, where, and what was wrong. */
class SwitchErrorsTest {
  private static String error(String name, Executable read) {
    IntakeException e = assertThrows(IntakeException.class, read);
    assertTrue(Corrupt.isOneLineNaming(e, name), e.getMessage());
    return e.getMessage();
  }

  private static Corrupt nro() {
    return new Corrupt(SwitchFormatsTest.packedNro());
  }

  private static Corrupt nso() {
    return new Corrupt(SwitchPacker.nso(SwitchFormatsTest.module(), true, true));
  }

  @Test
  void nroBadMagic() {
    byte[] bytes = nro().u8(0x10, 'X').bytes();
    assertEquals(
        "x.nro: NRO header at offset 0x0: expected magic \"NRO0\" at 0x10",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroTruncatedHeader() {
    byte[] bytes = nro().truncated(0x50);
    assertEquals(
        "x.nro: NRO header at offset 0x0: needs 0x80 bytes, beyond file size 0x50 (truncated?)",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroTruncatedInsideSegments() {
    Corrupt c = nro();
    byte[] bytes = c.truncated(0x1800);
    assertEquals(
        "x.nro: NRO header at offset 0x0: NRO size 0x"
            + Long.toHexString(c.u32(0x18))
            + " outside 0x80..file size 0x1800",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroOverlappingSegments() {
    byte[] bytes = nro().u32(0x28, 0x800).bytes();
    assertEquals(
        "x.nro: segment .rodata at 0x800 overlaps .text (0x0-0x1000)",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroRelocationOutOfRange() {
    SwitchPacker.Module m = SwitchFormatsTest.module();
    Corrupt c = nro();
    // The first DT_RELA entry: find it through the dynamic section the packer wrote.
    int dynamic = (int) m.dataAt();
    long relaAt = -1;
    for (int i = 0; c.u64(dynamic + 16 * i) != 0; i++) {
      if (c.u64(dynamic + 16 * i) == SwitchPacker.DT_RELA) {
        relaAt = c.u64(dynamic + 16 * i + 8);
      }
    }
    byte[] bytes = c.u64((int) relaAt, 0x7fff0000L).bytes();
    assertEquals(
        "x.nro: DT_RELA entry 0 at address 0x"
            + Long.toHexString(relaAt)
            + ": r_offset 0x7fff0000 is not inside a segment",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroBadMod0() {
    byte[] bytes = nro().u8(SwitchPacker.MOD0_AT, 'X').bytes();
    assertEquals(
        "x.nro: MOD0 header at address 0x80: expected magic \"MOD0\"",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  @Test
  void nroBadAssetMagic() {
    Corrupt c = nro();
    int size = (int) c.u32(0x18);
    byte[] bytes = c.u8(size, 'X').bytes();
    assertEquals(
        "x.nro: asset header at offset 0x"
            + Integer.toHexString(size)
            + ": expected magic \"ASET\" after the NRO's end",
        error("x.nro", () -> NroReader.read("x.nro", bytes)));
  }

  /** An embedded section's error names the NRO first, then the section and its offset. */
  @Test
  void nroTruncatedNacpAsset() {
    Corrupt c = nro();
    int size = (int) c.u32(0x18);
    byte[] bytes = c.u64(size + 0x20, 1).bytes();
    String message = error("x.nro", () -> NroReader.read("x.nro", bytes));
    assertTrue(
        message.matches(
            "x\\.nro: NACP at 0x[0-9a-f]+: NACP at offset 0x0: needs 0x4000 bytes, beyond file"
                + " size 0x1 \\(truncated\\?\\)"),
        message);
  }

  @Test
  void nsoBadMagic() {
    byte[] bytes = nso().u8(0, 'X').bytes();
    assertEquals(
        "x.nso: NSO header at offset 0x0: expected magic \"NSO0\"",
        error("x.nso", () -> NsoReader.read("x.nso", bytes)));
  }

  @Test
  void nsoDecompressedSizeMismatch() {
    Corrupt c = nso();
    long size = c.u32(0x18);
    byte[] bytes = c.u32(0x18, size + 0x10).u8(0xc, 0x07).bytes();
    assertEquals(
        "x.nso: NSO header at offset 0x0: .text decompressed to 0x"
            + Long.toHexString(size)
            + " bytes, header says 0x"
            + Long.toHexString(size + 0x10),
        error("x.nso", () -> NsoReader.read("x.nso", bytes)));
  }

  @Test
  void nsoHashMismatch() {
    byte[] bytes = nso().u8(0xc0, 0x42).bytes();
    String message = error("x.nso", () -> NsoReader.read("x.nso", bytes));
    assertTrue(
        message.startsWith(
            "x.nso: NSO header at offset 0x0: .rodata SHA-256 mismatch: header says 42"),
        message);
  }

  @Test
  void nsoTruncatedSegment() {
    Corrupt c = nso();
    byte[] bytes = c.truncated((int) c.u32(0x30) + 4);
    String message = error("x.nso", () -> NsoReader.read("x.nso", bytes));
    assertTrue(message.startsWith("x.nso: NSO header at offset 0x0: .data file data 0x"), message);
    assertTrue(message.contains("beyond file size"), message);
  }

  @Test
  void nsoGarbageLz4() {
    Corrupt c = nso();
    int at = (int) c.u32(0x10);
    for (int i = 0; i < 16; i++) {
      c.u8(at + i, 0xff);
    }
    String message = error("x.nso", () -> NsoReader.read("x.nso", c.bytes()));
    assertTrue(message.startsWith("x.nso: NSO header at offset 0x0: .text "), message);
  }

  @Test
  void pfs0RejectsPathNames() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("../evil", new byte[] {1});
    byte[] bytes = SwitchPacker.pfs0(files);
    assertEquals(
        "x.nsp: PFS0 entry 0 at offset 0x10: file name \"../evil\" is not a plain file name",
        error("x.nsp", () -> Pfs0.read("x.nsp", bytes)));
  }

  @Test
  void pfs0Truncated() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("a", new byte[100]);
    byte[] bytes = new Corrupt(SwitchPacker.pfs0(files)).truncated(0x60);
    assertEquals(
        "x.nsp: PFS0 entry 0 at offset 0x10: a data 0x48+0x64 beyond file size 0x60",
        error("x.nsp", () -> Pfs0.read("x.nsp", bytes)));
  }

  @Test
  void romfsLoopIsCaught() {
    byte[] romfs =
        SwitchPacker.romfs(new TreeMap<>(Map.of("d/a", new byte[1], "e/b", new byte[1])));
    Corrupt c = new Corrupt(romfs);
    int dirs = (int) c.u64(0x18);
    // Point the second directory's sibling back at the first.
    int second = dirs + 0x18 + 0x18 + 4;
    byte[] bytes = c.u32(second + 4, 0x18).bytes();
    String message = error("r", () -> RomFs.read("r", bytes));
    assertTrue(message.endsWith("directory tree loops or is deeper than 64 levels"), message);
  }

  @Test
  void npdmBadAci0() {
    byte[] bytes = new Corrupt(SwitchPacker.npdm("Application", 1, 1)).u8(0x80, 'X').bytes();
    assertEquals(
        "m.npdm: ACI0 at offset 0x80: expected magic \"ACI0\"",
        error("m.npdm", () -> Npdm.read("m.npdm", bytes)));
  }

  @Test
  void nacpTruncated() {
    assertEquals(
        "n: NACP at offset 0x0: needs 0x4000 bytes, beyond file size 0x10 (truncated?)",
        error("n", () -> Nacp.read("n", new byte[0x10])));
  }
}
