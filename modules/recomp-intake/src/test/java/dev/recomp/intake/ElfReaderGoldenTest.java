package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ELF fixture parses to what readelf recorded (scripts/record-intake-goldens.sh). */
class ElfReaderGoldenTest {
  static Stream<Path> binaries() {
    return Fixtures.elfBinaries().stream();
  }

  @ParameterizedTest
  @MethodSource("binaries")
  void agreesWithRecordedReadelf(Path binary) throws Exception {
    Path golden =
        Fixtures.repoRoot().resolve("fixtures/intake/readelf/" + binary.getFileName() + ".txt");
    assertTrue(Files.exists(golden), golden + " missing: run scripts/record-intake-goldens.sh");
    Readelf readelf = Readelf.parse(Files.readString(golden));
    assertFalse(readelf.phdrs().isEmpty(), "golden has no program headers: " + golden);
    List<String> diffs = readelf.differences(ElfReader.read(binary));
    assertEquals(List.of(), diffs.subList(0, Math.min(20, diffs.size())), binary.toString());
  }

  @ParameterizedTest
  @MethodSource("binaries")
  void sameBytesGiveEqualImages(Path binary) throws IOException, IntakeException {
    GuestImage a = ElfReader.read(binary);
    GuestImage b = ElfReader.read(binary.toString(), Files.readAllBytes(binary));
    assertEquals(a.sha256(), b.sha256());
    assertEquals(a.symbols(), b.symbols());
    assertEquals(a.relocations(), b.relocations());
  }

  @Test
  void withoutSectionTableRelocationsComeFromPtDynamic() throws IntakeException {
    Path pie = Fixtures.elf("hello-glibc-static-pie");
    GuestImage withSections = ElfReader.read(pie);
    byte[] stripped = new Corrupt(Fixtures.bytes(pie)).u64(40, 0).u16(60, 0).u16(62, 0).bytes();
    GuestImage without = ElfReader.read("stripped", stripped);
    assertEquals(List.of(), without.sections());
    assertFalse(without.relocations().isEmpty());
    assertEquals(withSections.relocations(), without.relocations());
  }
}
