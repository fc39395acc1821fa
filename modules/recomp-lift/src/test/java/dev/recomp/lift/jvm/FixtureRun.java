package dev.recomp.lift.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One row of fixtures/runs.tsv: a run of a fixture binary whose behaviour under qemu-aarch64 is
 * recorded in fixtures/golden.
 *
 * @param name the run's name, the golden files' stem
 * @param binary the file under fixtures/bin
 * @param stdin a file under fixtures/input, or null for empty stdin
 * @param args the arguments after argv[0]
 * @param placed "name=binary" pairs: fixture binaries copied into the working directory
 */
record FixtureRun(String name, String binary, Path stdin, List<String> args, List<String> placed) {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));

  /** Every run's name, in file order. */
  static List<String> names() throws IOException {
    return Files.readAllLines(ROOT.resolve("fixtures/runs.tsv")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t", -1)[0])
        .toList();
  }

  static FixtureRun of(String name) throws IOException {
    String[] row =
        Files.readAllLines(ROOT.resolve("fixtures/runs.tsv")).stream()
            .filter(l -> l.startsWith(name + "\t"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run " + name + " in fixtures/runs.tsv"))
            .split("\t", -1);
    return new FixtureRun(
        name,
        row[1],
        row[2].equals("-") ? null : ROOT.resolve("fixtures/input").resolve(row[2]),
        row.length > 3 && !row[3].isBlank() ? Arrays.asList(row[3].trim().split(" ")) : List.of(),
        row.length > 4 && !row[4].isBlank() ? Arrays.asList(row[4].split(",")) : List.of());
  }

  /** argv: the binary's name, then the arguments. */
  List<String> argv() {
    return Stream.concat(Stream.of(binary), args.stream()).toList();
  }

  Path binaryPath() {
    return ROOT.resolve("fixtures/bin").resolve(binary);
  }

  /** The recorded stdout, stderr or exit ({@code kind}) of this run. */
  String golden(String kind) throws IOException {
    return Files.readString(ROOT.resolve("fixtures/golden").resolve(name + "." + kind));
  }

  int goldenExit() throws IOException {
    return Integer.parseInt(golden("exit").trim());
  }
}
