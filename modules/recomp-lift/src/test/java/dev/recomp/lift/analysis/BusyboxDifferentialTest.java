package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Debian's stripped static busybox: discovery from the entry, .eh_frame, BL targets and data
 * pointers alone, checked against objdump's listing.
 */
@Tag("differential")
class BusyboxDifferentialTest {
  private static final Path BUSYBOX =
      Path.of(System.getProperty("user.home"), ".cache/recomp/busybox/bin/busybox");

  @Test
  void everyCallTargetIsAFunctionAndNearlyAllCodeIsReached() throws Exception {
    assertTrue(
        Files.isRegularFile(BUSYBOX),
        BUSYBOX + " is missing: run scripts/install-oracles.sh (it fetches busybox-static:arm64)");
    GuestImage image = Images.read(BUSYBOX);
    ProgramAnalysis analysis = Analysis.analyze(image, TitleConfig.empty());
    Set<Long> starts = new HashSet<>();
    analysis.functions().forEach(f -> starts.add(f.start()));
    Set<Long> reached = new HashSet<>();
    analysis
        .functions()
        .forEach(
            f ->
                f.blocks()
                    .forEach(
                        b -> {
                          for (long pc = b.start(); pc < b.end(); pc += 4) {
                            reached.add(pc);
                          }
                        }));
    Set<Long> missing = new TreeSet<>();
    int calls = 0;
    for (long[] call : objdumpCalls()) {
      if (reached.contains(call[0])) {
        calls++;
        if (!starts.contains(call[1])) {
          missing.add(call[1]);
        }
      }
    }
    double coverage = (double) analysis.coveredBytes() / analysis.codeBytes();
    System.out.printf(
        "busybox: %d functions, %d jump tables, %d unresolved, %d reached BLs, %.1f%% of text in blocks%n",
        analysis.functions().size(),
        analysis.jumpTables().size(),
        analysis.unresolved().size(),
        calls,
        100 * coverage);
    assertTrue(calls > 10_000, "only " + calls + " BLs of objdump's listing lie in reached code");
    assertEquals(Set.of(), missing, "BL targets objdump lists from reached code");
    assertTrue(coverage > 0.9, "coverage " + coverage);
  }

  private static java.util.List<long[]> objdumpCalls() throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(
                  "aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", BUSYBOX.toString())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "aarch64-linux-gnu-objdump is missing: install binutils-aarch64-linux-gnu (scripts/install-oracles.sh)",
          e);
    }
    java.util.List<long[]> calls = new java.util.ArrayList<>();
    Pattern bl = Pattern.compile("^\\s*([0-9a-f]+):\\s+bl\\s+(?:0x)?([0-9a-f]+)\\b");
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Matcher m = bl.matcher(line);
        if (m.find()) {
          calls.add(new long[] {Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)});
        }
      }
    }
    assertEquals(0, p.waitFor(), "objdump failed");
    return calls;
  }
}
