package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the analysis stage writes, the lift stage reads back unchanged; damage is one line. */
class AnalysisReaderTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"hello-glibc-O2", "compute-glibc-O2", "compute-clang-O2", "args-musl-O2"})
  void readingWhatWasWrittenGivesTheSameAnalysisAndBytes(String binary) throws Exception {
    ProgramAnalysis analysis = Fixtures.analysis(binary);
    Path first = dir.resolve("first");
    AnalysisWriter.write(analysis, first);
    ProgramAnalysis read = AnalysisReader.read(first);
    assertEquals(analysis, read);
    Path second = dir.resolve("second");
    AnalysisWriter.write(read, second);
    for (String file :
        new String[] {
          AnalysisWriter.FUNCTIONS, AnalysisWriter.NAME_MAP, AnalysisWriter.UNRESOLVED
        }) {
      assertArrayEquals(
          Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
    }
  }

  @Test
  void aBadAddressNamesTheFileAndPointer() throws Exception {
    AnalysisWriter.write(Fixtures.analysis("tiny"), dir);
    Path functions = dir.resolve(AnalysisWriter.FUNCTIONS);
    String text = Files.readString(functions);
    Files.writeString(functions, text.replaceFirst("\"start\" : \"0x", "\"start\" : \"zz"));
    IOException e = assertThrows(IOException.class, () -> AnalysisReader.read(dir));
    // Keys are sorted, so the first "start" in the file is the first block's.
    assertEquals(
        functions
            + ": /functions/0/blocks/0/start: expected an address \"0x...\", found \"zz"
            + text.split("\"start\" : \"0x", 2)[1].split("\"", 2)[0]
            + "\"",
        e.getMessage());
  }

  @Test
  void aMissingFileSaysWhoWritesIt() throws Exception {
    AnalysisWriter.write(Fixtures.analysis("tiny"), dir);
    Files.delete(dir.resolve(AnalysisWriter.NAME_MAP));
    IOException e = assertThrows(IOException.class, () -> AnalysisReader.read(dir));
    assertEquals(
        dir.resolve(AnalysisWriter.NAME_MAP) + ": missing (the analysis stage writes it)",
        e.getMessage());
  }

  @Property(tries = 200)
  void damagedFilesAreAnIoExceptionNamingAFile(
      @ForAll @IntRange(min = 0, max = 100_000) int at,
      @ForAll byte value,
      @ForAll boolean truncate)
      throws Exception {
    Path d = Files.createTempDirectory("analysis-reader");
    try {
      AnalysisWriter.write(Fixtures.analysis("tiny"), d);
      Path functions = d.resolve(AnalysisWriter.FUNCTIONS);
      byte[] bytes = Files.readAllBytes(functions);
      int i = at % bytes.length;
      byte[] damaged = truncate ? Arrays.copyOf(bytes, i) : bytes.clone();
      if (!truncate) {
        damaged[i] = value;
      }
      Files.write(functions, damaged);
      try {
        AnalysisReader.read(d);
      } catch (IOException e) {
        // A damaged image_sha256 is reported against the file that then disagrees with it.
        assertTrue(e.getMessage().startsWith(d.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      }
    } finally {
      for (String f : new String[] {"functions.json", "name_map.json", "unresolved.json"}) {
        Files.deleteIfExists(d.resolve(f));
      }
      Files.delete(d);
    }
  }
}
