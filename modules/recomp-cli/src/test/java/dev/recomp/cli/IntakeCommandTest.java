package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.ElfReader;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageDescription;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recomp intake}: summary, JSON, and one-line failures. */
class IntakeCommandTest {
  static Path fixture(String name) {
    return Path.of(System.getProperty("recomp.repo.root"), "fixtures", "intake", "bin")
        .resolve(name);
  }

  @Test
  void summaryNamesFormatEntryAndRelocations() throws Exception {
    Path pie = fixture("hello-glibc-static-pie");
    GuestImage image = ElfReader.read(pie);
    CliTest.Run r = CliTest.run(new RecompCommand(), "intake", pie.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("ELF (DYN)"), r.out());
    assertTrue(r.out().contains(image.sha256()), r.out());
    assertTrue(r.out().contains("0x" + Long.toHexString(image.entry())), r.out());
    assertTrue(
        r.out()
            .contains(
                "RELATIVE "
                    + image.relocationCounts().get(dev.recomp.intake.RelocationType.RELATIVE)),
        r.out());
    assertTrue(r.out().contains(image.buildId().orElseThrow()), r.out());
  }

  @Test
  void jsonIsTheImageDescription() throws Exception {
    Path pie = fixture("hello-glibc-static-pie");
    CliTest.Run a = CliTest.run(new RecompCommand(), "intake", "--json", pie.toString());
    CliTest.Run b = CliTest.run(new RecompCommand(), "intake", "--json", pie.toString());
    assertEquals(0, a.status(), a.err());
    assertEquals(a.out(), b.out());
    assertEquals(ImageDescription.json(ElfReader.read(pie)), a.out());
  }

  @Test
  void badInputIsOneLineAndStatus1(@TempDir Path dir) throws Exception {
    Path junk = Files.write(dir.resolve("junk.nro"), new byte[] {1, 2, 3});
    CliTest.Run r = CliTest.run(new RecompCommand(), "intake", junk.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(junk + ": unrecognized format"), r.err());
  }

  @Test
  void missingFileArgumentIsUsageError() {
    CliTest.Run r = CliTest.run(new RecompCommand(), "intake");
    assertEquals(2, r.status());
  }

  @Test
  void extractOnlyForContainers() {
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(),
            "intake",
            "--extract",
            "/tmp/x",
            fixture("hello-glibc-static-pie").toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("--extract applies only to NSP/PFS0 files"), r.err());
  }

  /** A one-file PFS0 laid out by hand: header, one entry, an 8-byte string table, the data. */
  static byte[] pfs0WithOneFile() {
    ByteBuffer b = ByteBuffer.allocate(0x10 + 0x18 + 8 + 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("PFS0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(8).putInt(0);
    b.putLong(0).putLong(2).putInt(0).putInt(0);
    b.put("a.txt\0\0\0".getBytes(StandardCharsets.US_ASCII));
    b.put("hi".getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  @Test
  void nspIsListedAndExtracted(@TempDir Path dir) throws Exception {
    Path nsp = Files.write(dir.resolve("game.bin"), pfs0WithOneFile());
    Path out = dir.resolve("out");
    CliTest.Run r =
        CliTest.run(new RecompCommand(), "intake", "--extract", out.toString(), nsp.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("PFS0 (1 files)"), r.out());
    assertTrue(r.out().contains("a.txt"), r.out());
    assertEquals("hi", Files.readString(out.resolve("a.txt")));
  }
}
