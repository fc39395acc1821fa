package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares the ELF reader live against aarch64-linux-gnu-readelf on every ELF fixture. */
@Tag("differential")
class ElfReaderDifferentialTest {
  static Stream<Path> binaries() {
    return Fixtures.elfBinaries().stream();
  }

  @ParameterizedTest
  @MethodSource("binaries")
  void agreesWithLiveReadelf(Path binary) throws Exception {
    String text = readelf(binary);
    List<String> diffs = Readelf.parse(text).differences(ElfReader.read(binary));
    assertEquals(List.of(), diffs.subList(0, Math.min(20, diffs.size())), binary.toString());
  }

  private static String readelf(Path binary) throws InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "aarch64-linux-gnu-readelf",
            "-W",
            "-h",
            "-l",
            "-S",
            "-s",
            "-r",
            "-n",
            binary.toString());
    pb.environment().put("LC_ALL", "C");
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      return out;
    } catch (IOException e) {
      return fail(
          "aarch64-linux-gnu-readelf not runnable ("
              + e.getMessage()
              + "): install binutils-aarch64-linux-gnu (scripts/install-oracles.sh)");
    }
  }
}
