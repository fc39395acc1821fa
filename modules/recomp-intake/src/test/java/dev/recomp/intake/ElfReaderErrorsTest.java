package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each kind of malformed ELF gives its own one-line error naming file, offset and expectation. */
class ElfReaderErrorsTest {
  private static final String TINY = "tiny";
  private static final String MUSL = "hello-musl-O2";
  private static final String PIE = "hello-glibc-static-pie";

  private static Corrupt fixture(String name) {
    return new Corrupt(Fixtures.bytes(Fixtures.elf(name)));
  }

  private static String error(String name, byte[] bytes) {
    IntakeException e = assertThrows(IntakeException.class, () -> ElfReader.read(name, bytes));
    assertTrue(Corrupt.isOneLineNaming(e, name), e.getMessage());
    return e.getMessage();
  }

  @Test
  void badMagic() {
    assertEquals(
        "tiny: ELF header at offset 0x0: expected magic 7f 45 4c 46 (\\x7fELF)",
        error(TINY, fixture(TINY).u8(1, 'X').bytes()));
  }

  @Test
  void truncatedHeader() {
    assertEquals(
        "tiny: ELF header at offset 0x0: needs 0x40 bytes, beyond file size 0x28 (truncated?)",
        error(TINY, fixture(TINY).truncated(40)));
  }

  @Test
  void wrongMachine() {
    assertEquals(
        "tiny: ELF header at offset 0x0: e_machine 62, expected 183 (EM_AARCH64)",
        error(TINY, fixture(TINY).u16(18, 62).bytes()));
  }

  @Test
  void bigEndianIsRejected() {
    assertEquals(
        "tiny: ELF header at offset 0x0: EI_DATA 2, expected 1 (little-endian)",
        error(TINY, fixture(TINY).u8(5, 2).bytes()));
  }

  @Test
  void truncatedSectionHeaderTable() {
    Corrupt tiny = fixture(TINY);
    int shoff = (int) tiny.u64(40);
    String message = error(TINY, tiny.truncated(shoff + 10));
    assertTrue(
        message.startsWith(
            "tiny: section header table (6 entries) at offset " + hex(shoff) + ": needs 0x180"),
        message);
  }

  @Test
  void sectionDataBeyondFile() {
    Corrupt tiny = fixture(TINY);
    int shoff = (int) tiny.u64(40);
    int text = shoff + 2 * 64;
    long fileSize = tiny.bytes().length;
    assertEquals(
        "tiny: section header 2 at offset "
            + hex(text)
            + ": sh_offset+sh_size "
            + hex(tiny.u64(text + 24))
            + "+0x9000 beyond file size "
            + hex(fileSize),
        error(TINY, tiny.u64(text + 32, 0x9000).bytes()));
  }

  @Test
  void overlappingLoadSegments() {
    Corrupt musl = fixture(MUSL);
    int phoff = (int) musl.u64(32);
    int second = phoff + 56;
    assertEquals(1, musl.u32(second), "the second program header is expected to be PT_LOAD");
    long firstVaddr = musl.u64(phoff + 16);
    String message = error(MUSL, musl.u64(second + 16, firstVaddr + 0x100).bytes());
    assertTrue(
        message.startsWith(MUSL + ": program header 1 at offset " + hex(second) + ": PT_LOAD at "),
        message);
    assertTrue(message.contains("overlaps program header 0"), message);
  }

  @Test
  void fileSizeAboveMemorySize() {
    Corrupt musl = fixture(MUSL);
    int phoff = (int) musl.u64(32);
    assertTrue(error(MUSL, musl.u64(phoff + 40, 0x10).bytes()).endsWith("exceeds p_memsz 0x10"));
  }

  @Test
  void relocationOutsideEverySegment() throws IntakeException {
    Corrupt pie = fixture(PIE);
    int rela =
        (int) ElfReader.read(Fixtures.elf(PIE)).section(".rela.dyn").orElseThrow().fileOffset();
    assertEquals(
        PIE
            + ": .rela.dyn entry 0 at offset "
            + hex(rela)
            + ": r_offset 0xdead0000 is not inside a loaded segment",
        error(PIE, pie.u64(rela, 0xdead0000L).bytes()));
  }

  @Test
  void unknownRelocationType() throws IntakeException {
    Corrupt pie = fixture(PIE);
    int rela =
        (int) ElfReader.read(Fixtures.elf(PIE)).section(".rela.dyn").orElseThrow().fileOffset();
    assertEquals(
        PIE
            + ": .rela.dyn entry 1 at offset "
            + hex(rela + 24)
            + ": relocation type 999 is not a dynamic AArch64 type",
        error(PIE, pie.u64(rela + 32, 999).bytes()));
  }

  @Test
  void missingFileIsOneLine() {
    IntakeException e =
        assertThrows(
            IntakeException.class,
            () -> ElfReader.read(Fixtures.repoRoot().resolve("no-such-file")));
    assertTrue(e.getMessage().endsWith("no-such-file: no such file"), e.getMessage());
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
