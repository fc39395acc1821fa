package dev.recomp.lift.analysis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageFormat;
import dev.recomp.intake.ImageType;
import dev.recomp.intake.Images;
import dev.recomp.intake.Permissions;
import dev.recomp.intake.Section;
import dev.recomp.intake.Segment;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EhFrameTest {
  static Path root() {
    return Path.of(System.getProperty("recomp.repo.root"));
  }

  static List<String> binaries() throws Exception {
    try (Stream<Path> files = Files.list(root().resolve("fixtures/bin"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The FDE ranges equal readelf's (fixtures/analysis/*.fde.tsv). */
  @ParameterizedTest
  @MethodSource("binaries")
  void matchesReadelf(String binary) throws Exception {
    GuestImage image = Images.read(root().resolve("fixtures/bin").resolve(binary));
    Set<String> expected =
        new TreeSet<>(
            Files.readAllLines(root().resolve("fixtures/analysis/" + binary + ".fde.tsv")));
    expected.remove("");
    Optional<Section> section = image.section(".eh_frame");
    Set<String> actual = new TreeSet<>();
    if (section.isPresent()) {
      EhFrame.Result result =
          EhFrame.read(
              new ImageMemory(image, Map.of(), Map.of()),
              section.get().address(),
              section.get().address() + section.get().size());
      assertEquals(Optional.empty(), result.problem());
      actual =
          result.fdes().stream()
              .map(
                  f -> Long.toHexString(f.begin()) + "\t" + Long.toHexString(f.begin() + f.range()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(expected, actual);
  }

  /** Garbage never escapes as an exception: it ends the walk with a problem naming an address. */
  @Property(tries = 500)
  void garbageIsReportedNotThrown(@ForAll @Size(max = 256) byte[] bytes) {
    Segment segment =
        new Segment("load0", 0x1000, bytes.length, 0, MemorySegment.ofArray(bytes), Permissions.R);
    GuestImage image =
        new GuestImage(
            ImageFormat.ELF,
            ImageType.EXEC,
            0x1000,
            List.of(segment),
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
    ImageMemory memory = new ImageMemory(image, Map.of(), Map.of());
    EhFrame.Result result = EhFrame.read(memory, 0x1000, 0x1000 + bytes.length);
    result.problem().ifPresent(p -> assertTrue(p.startsWith(".eh_frame at 0x"), p));
    EhFrame.Result viaHeader = EhFrame.readViaHeader(memory, 0x1000, 0x1000 + bytes.length);
    viaHeader.problem().ifPresent(p -> assertEquals(1, p.lines().count(), p));
  }
}
