package dev.recomp.lift.analysis;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The committed fixtures and their oracle goldens. */
final class Fixtures {
  private static final Map<String, ProgramAnalysis> ANALYSES = new ConcurrentHashMap<>();

  private Fixtures() {}

  static Path root() {
    String root = System.getProperty("recomp.repo.root");
    if (root == null) {
      throw new IllegalStateException(
          "system property recomp.repo.root is not set (run through Maven)");
    }
    return Path.of(root);
  }

  static List<String> binaries() throws IOException {
    try (Stream<Path> files = Files.list(root().resolve("fixtures/bin"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static GuestImage image(String binary) throws Exception {
    return Images.read(root().resolve("fixtures/bin").resolve(binary));
  }

  /** The analysis of a fixture with the empty config, computed once per test run. */
  static ProgramAnalysis analysis(String binary) {
    return ANALYSES.computeIfAbsent(
        binary,
        b -> {
          try {
            return Analysis.analyze(image(b), TitleConfig.empty());
          } catch (Exception e) {
            throw new IllegalStateException(b + ": " + e.getMessage(), e);
          }
        });
  }

  /** runs.tsv: run name to binary. */
  static Map<String, String> runs() throws IOException {
    Map<String, String> runs = new TreeMap<>();
    for (String line : Files.readAllLines(root().resolve("fixtures/runs.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] cols = line.split("\t");
        runs.put(cols[0], cols[1]);
      }
    }
    return runs;
  }

  /** A two-column hex golden of fixtures/analysis. */
  static List<long[]> pairs(String file) throws IOException {
    Path path = root().resolve("fixtures/analysis").resolve(file);
    if (!Files.exists(path)) {
      return List.of();
    }
    return Files.readAllLines(path).stream()
        .filter(l -> !l.isBlank())
        .map(l -> l.split("\t"))
        .map(c -> new long[] {Long.parseUnsignedLong(c[0], 16), Long.parseUnsignedLong(c[1], 16)})
        .toList();
  }
}
