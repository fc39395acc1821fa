package dev.recomp.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live comparisons against aarch64-linux-gnu-objdump (run with -Pdifferential). */
@Tag("differential")
class ObjdumpDifferentialTest {
  private static final String OBJDUMP = "aarch64-linux-gnu-objdump";

  private static ObjdumpComparison.Listing objdump(String name, List<String> args)
      throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      fail(OBJDUMP + " not found: apt-get install binutils-aarch64-linux-gnu");
      throw e;
    }
    ObjdumpComparison.Listing listing;
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      listing = ObjdumpComparison.parseObjdump(name, in);
    }
    assertEquals(0, p.waitFor(), OBJDUMP + " failed on " + name);
    return listing;
  }

  /** Debian's arm64 busybox-static, about 357,000 instructions, with the golden thresholds. */
  @Test
  void busyboxMatchesObjdump() throws Exception {
    Path busybox = Path.of(System.getProperty("user.home"), ".cache/recomp/busybox/bin/busybox");
    assertTrue(
        Files.isRegularFile(busybox),
        "missing "
            + busybox
            + ": download Debian's busybox-static arm64 package and extract bin/busybox there");
    ObjdumpComparison.Result r =
        ObjdumpComparison.compare(
            objdump("busybox", List.of(OBJDUMP, "-d", "-z", busybox.toString())));
    System.out.print(ObjdumpComparison.report(List.of(r)));
    assertTrue(r.compared() > 300_000, "only " + r.compared() + " instructions");
    assertEquals(0, r.thrown());
    assertEquals(0, r.lostDecodes());
    assertTrue(r.exactRatio() >= GoldenListingTest.MIN_EXACT, r.exact() + "/" + r.compared());
  }

  /**
   * Random words: whatever we decode must print exactly as objdump does (a wrong decode is worse
   * than an unallocated one). Encodings outside the table (most of SVE, SME) are unallocated here
   * and are not counted; named system registers and TLBI aliases objdump knows beyond our name
   * tables are the tolerated remainder.
   */
  @Test
  void randomWordsDecodeAsObjdumpOrNotAtAll(@TempDir Path tmp) throws Exception {
    SplittableRandom random = new SplittableRandom(20261123);
    ByteBuffer words = ByteBuffer.allocate(4 * 200_000).order(ByteOrder.LITTLE_ENDIAN);
    while (words.hasRemaining()) {
      words.putInt(random.nextInt());
    }
    Path raw = tmp.resolve("random.bin");
    Files.write(raw, words.array());
    ObjdumpComparison.Listing listing =
        objdump("random", List.of(OBJDUMP, "-D", "-b", "binary", "-m", "aarch64", raw.toString()));
    Decoder decoder = Decoder.standard();
    int decoded = 0;
    int wrong = 0;
    StringBuilder examples = new StringBuilder();
    for (ObjdumpComparison.Line line : listing.lines()) {
      Insn insn = decoder.decode(line.address(), line.word());
      if (insn instanceof Insn.Unallocated) {
        continue;
      }
      decoded++;
      String ours = ObjdumpComparison.normalize(Disassembler.format(insn));
      String theirs = ObjdumpComparison.normalize(line.text());
      if (!ours.equals(theirs)) {
        wrong++;
        if (examples.length() < 2000) {
          examples.append(
              String.format("%08x: objdump `%s`, ours `%s`%n", line.word(), theirs, ours));
        }
      }
    }
    assertTrue(decoded > 50_000, "decoded only " + decoded);
    assertTrue(wrong * 1000L <= decoded, wrong + " of " + decoded + " differ:\n" + examples);
  }
}
