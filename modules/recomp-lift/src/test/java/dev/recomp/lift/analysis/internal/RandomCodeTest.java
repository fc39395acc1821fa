package dev.recomp.lift.analysis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageFormat;
import dev.recomp.intake.ImageType;
import dev.recomp.intake.Permissions;
import dev.recomp.intake.Segment;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.AnalysisWriter;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Hostile code: random words as the whole program. Analysis ends, deterministically. */
class RandomCodeTest {
  @Property(tries = 200)
  void randomCodeIsAnalyzedDeterministically(
      @ForAll @Size(min = 1, max = 512) List<@IntRange(min = Integer.MIN_VALUE) Integer> words) {
    byte[] bytes = new byte[words.size() * 4];
    for (int i = 0; i < words.size(); i++) {
      int w = words.get(i);
      for (int b = 0; b < 4; b++) {
        bytes[i * 4 + b] = (byte) (w >>> (8 * b));
      }
    }
    Segment text =
        new Segment(
            "load0", 0x10000, bytes.length, 0, MemorySegment.ofArray(bytes), Permissions.RX);
    Segment data =
        new Segment(
            "load1", 0x20000, bytes.length, 0, MemorySegment.ofArray(bytes), Permissions.RW);
    GuestImage image =
        new GuestImage(
            ImageFormat.ELF,
            ImageType.EXEC,
            0x10000,
            List.of(text, data),
            List.of(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "0".repeat(64),
            bytes.length);
    ProgramAnalysis first = Analysis.analyze(image, TitleConfig.empty());
    ProgramAnalysis second = Analysis.analyze(image, TitleConfig.empty());
    assertTrue(first.functions().stream().anyMatch(f -> f.start() == 0x10000));
    assertArrayEquals(
        AnalysisWriter.bytes(AnalysisWriter.functions(first)),
        AnalysisWriter.bytes(AnalysisWriter.functions(second)));
  }
}
