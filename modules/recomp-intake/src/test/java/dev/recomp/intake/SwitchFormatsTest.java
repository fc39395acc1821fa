package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NRO, NSO, NACP, RomFS, PFS0 and NPDM built by our own packer read back as packed. */
class SwitchFormatsTest {
  static final byte[] CODE = {
    0x00,
    0x00,
    (byte) 0x80,
    (byte) 0xd2, // mov x0, #0
    (byte) 0xc0,
    0x03,
    0x5f,
    (byte) 0xd6, // ret
    0x1f,
    0x20,
    0x03,
    (byte) 0xd5 // nop
  };
  static final List<SwitchPacker.Sym> SYMS =
      List.of(new SwitchPacker.Sym("main", 0, 8), new SwitchPacker.Sym("helper", 8, 4));
  static final List<SwitchPacker.Rel> RELS =
      List.of(
          new SwitchPacker.Rel(RelocationType.RELATIVE, 0, 0x1000, false),
          new SwitchPacker.Rel(RelocationType.ABS64, 1, 8, false),
          new SwitchPacker.Rel(RelocationType.GLOB_DAT, 2, 0, false),
          new SwitchPacker.Rel(RelocationType.JUMP_SLOT, 1, 0, true));

  static SwitchPacker.Module module() {
    return SwitchPacker.module(CODE, SYMS, RELS, 0x3000);
  }

  static byte[] packedNro() {
    byte[] romfs =
        SwitchPacker.romfs(
            new TreeMap<>(
                Map.of(
                    "readme.txt", "hello".getBytes(),
                    "data/a.bin", new byte[] {1, 2, 3},
                    "data/b.bin", new byte[] {4})));
    return SwitchPacker.nro(
        module(),
        SwitchPacker.assets(
            new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2},
            SwitchPacker.nacp("Packed Title", "recomp tests", "1.2.3"),
            romfs));
  }

  /** Checks the image against what the packer was told to lay out. */
  static void assertModule(GuestImage image, SwitchPacker.Module m) {
    assertEquals(ImageType.DYN, image.type());
    assertEquals(0, image.entry());
    assertEquals(
        List.of(".text", ".rodata", ".data"),
        image.segments().stream().map(Segment::name).toList());
    assertEquals(m.roAt(), image.segments().get(1).address());
    assertEquals(m.dataAt(), image.segments().get(2).address());
    assertEquals(m.data().length + m.bss(), image.segments().get(2).memSize());
    // An NRO's header lives inside .text; everything from MOD0 on is the packed text.
    byte[] text = image.segments().get(0).bytes();
    assertArrayEquals(
        Arrays.copyOfRange(m.text(), SwitchPacker.MOD0_AT, m.text().length),
        Arrays.copyOfRange(text, SwitchPacker.MOD0_AT, text.length));
    assertEquals(
        List.of("r-x", "r--", "rw-"),
        image.segments().stream().map(s -> s.permissions().toString()).toList());
    assertEquals(SwitchPacker.MOD0_AT, image.mod0().orElseThrow().headerOffset());
    assertEquals(m.dynamicAt(), image.mod0().orElseThrow().dynamicOffset());
    assertEquals(List.of("main", "helper"), image.symbols().stream().map(Symbol::name).toList());
    assertEquals(SwitchPacker.CODE_AT + 8, image.symbols().get(1).address());
    assertEquals(Symbol.Kind.FUNCTION, image.symbols().get(0).kind());
    assertEquals(RELS.size(), image.relocations().size());
    for (int i = 0; i < RELS.size(); i++) {
      SwitchPacker.Rel want = RELS.get(i);
      Relocation got = image.relocations().get(i);
      assertEquals(want.type(), got.type());
      assertEquals(m.slotsAt() + 8L * i, got.offset());
      assertEquals(want.addend(), got.addend());
      assertEquals(
          want.symbol() == 0 ? Optional.empty() : Optional.of(SYMS.get(want.symbol() - 1).name()),
          got.symbol().map(Symbol::name));
    }
    assertEquals("5a".repeat(20) + "00".repeat(12), image.buildId().orElseThrow());
    assertTrue(image.section(".dynamic").isPresent());
    assertEquals(m.bss(), image.section(".bss").orElseThrow().size());
  }

  @Test
  void nroWithAssets() throws IntakeException {
    NroFile nro = NroReader.read("packed.nro", packedNro());
    assertEquals(ImageFormat.NRO, nro.image().format());
    assertModule(nro.image(), module());
    NroAssets assets = nro.assets().orElseThrow();
    assertArrayEquals(
        new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2},
        assets.icon().orElseThrow().toArray(ValueLayout.JAVA_BYTE));
    assertEquals(new Nacp("Packed Title", "recomp tests", "1.2.3"), assets.nacp().orElseThrow());
    assertEquals(
        List.of("/data/a.bin", "/data/b.bin", "/readme.txt"),
        assets.romfs().orElseThrow().files().stream().map(RomFs.File::path).toList());
    assertEquals(5, assets.romfs().orElseThrow().files().get(2).size());
  }

  @Test
  void nroWithoutAssets() throws IntakeException {
    NroFile nro = NroReader.read("bare.nro", SwitchPacker.nro(module(), new byte[0]));
    assertEquals(Optional.empty(), nro.assets());
    assertModule(nro.image(), module());
  }

  @Test
  void nsoCompressedAndHashChecked() throws IntakeException {
    GuestImage image = NsoReader.read("packed.nso", SwitchPacker.nso(module(), true, true));
    assertEquals(ImageFormat.NSO, image.format());
    assertModule(image, module());
  }

  @Test
  void nsoUncompressed() throws IntakeException {
    assertModule(NsoReader.read("plain.nso", SwitchPacker.nso(module(), false, false)), module());
  }

  @Test
  void imagesDispatchByMagicNotExtension() throws IntakeException {
    assertEquals(ImageFormat.NRO, Images.read("x.elf", packedNro()).format());
    assertEquals(
        ImageFormat.NSO, Images.read("x.nro", SwitchPacker.nso(module(), true, false)).format());
    assertEquals(
        ImageFormat.ELF, Images.read("x.nso", Fixtures.bytes(Fixtures.elf("tiny"))).format());
    IntakeException e =
        assertThrows(IntakeException.class, () -> Images.read("junk.bin", new byte[64]));
    assertTrue(e.getMessage().startsWith("junk.bin: unrecognized format"), e.getMessage());
  }

  @Test
  void aGivenDigestIsTheImagesIdentityAndAMalformedOneIsRefused() throws IntakeException {
    byte[] elf = Fixtures.bytes(Fixtures.elf("tiny"));
    String given = "ab".repeat(32);
    assertEquals(given, Images.read("tiny", elf, given).sha256());
    assertEquals(Images.read("tiny", elf).entry(), Images.read("tiny", elf, given).entry());
    assertEquals(given, Images.read("x.nro", packedNro(), given).sha256());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Images.read("tiny", elf, "AB12"));
    assertEquals("tiny: SHA-256 'AB12' is not 64 lower-case hex digits", e.getMessage());
  }

  @Test
  void pfs0ListsAndExtracts(@TempDir Path dir) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("main", SwitchPacker.nso(module(), true, true));
    files.put("main.npdm", SwitchPacker.npdm("Application", 0x0100000000001234L, 1));
    Pfs0 pfs0 = Pfs0.read("packed.nsp", SwitchPacker.pfs0(files));
    assertEquals(
        List.of("main", "main.npdm"), pfs0.entries().stream().map(Pfs0.Entry::name).toList());
    List<Path> written = pfs0.extract(dir.resolve("out"));
    assertEquals(2, written.size());
    assertArrayEquals(files.get("main"), Files.readAllBytes(written.get(0)));
    assertEquals(ImageFormat.NSO, Images.read(written.get(0)).format());
    try (var listing = Files.list(dir.resolve("out"))) {
      assertEquals(2, listing.count(), "no temporary files are left behind");
    }
  }

  @Test
  void npdmFields() throws IntakeException {
    Npdm npdm = Npdm.read("main.npdm", SwitchPacker.npdm("Application", 0x0100000000001234L, 7));
    assertEquals("Application", npdm.name());
    assertEquals(0x0100000000001234L, npdm.programId());
    assertTrue(npdm.is64Bit());
    assertEquals(3, npdm.addressSpace());
    assertEquals(44, npdm.mainThreadPriority());
    assertEquals(0x100000, npdm.mainThreadStackSize());
    assertEquals(0x0100000000001234L, npdm.programIdMin());
  }

  @Test
  void realNroReadsConsistently() throws IntakeException {
    byte[] bytes = Fixtures.bytes(Fixtures.realNro());
    NroFile nro = NroReader.read(Fixtures.realNro());
    GuestImage image = nro.image();
    ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(ImageFormat.NRO, image.format());
    assertEquals(bytes.length, image.fileSize());
    for (int i = 0; i < 3; i++) {
      Segment s = image.segments().get(i);
      assertEquals(Integer.toUnsignedLong(h.getInt(0x20 + 8 * i)), s.address());
      assertEquals(Integer.toUnsignedLong(h.getInt(0x24 + 8 * i)), s.fileSize());
    }
    assertEquals(
        Integer.toUnsignedLong(h.getInt(0x38)),
        image.segments().get(2).memSize() - image.segments().get(2).fileSize());
    assertEquals(Integer.toUnsignedLong(h.getInt(4)), image.mod0().orElseThrow().headerOffset());
    assertTrue(image.relocations().size() > 100, "a libnx program has hundreds of relocations");
    long end = image.segments().get(2).end();
    for (Relocation r : image.relocations()) {
      assertTrue(image.segmentAt(r.offset()).isPresent(), r.toString());
      if (r.type() == RelocationType.RELATIVE) {
        assertTrue(Long.compareUnsigned(r.addend(), end) <= 0, r.toString());
      }
    }
    Nacp nacp = nro.assets().orElseThrow().nacp().orElseThrow();
    assertTrue(!nacp.name().isEmpty() && !nacp.displayVersion().isEmpty(), nacp.toString());
    GuestImage again = NroReader.read(Fixtures.realNro()).image();
    assertEquals(image.relocations(), again.relocations());
    assertEquals(image.symbols(), again.symbols());
  }
}
