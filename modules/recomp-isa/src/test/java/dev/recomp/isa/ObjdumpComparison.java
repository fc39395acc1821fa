package dev.recomp.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Compares our disassembly with objdump's, line by line. Both sides are normalized only in
 * whitespace and by dropping objdump's {@code <symbol+offset>} and {@code // comment} annotations.
 */
final class ObjdumpComparison {

  /** One objdump line: address, word, objdump's instruction text. */
  record Line(long address, int word, String text) {}

  /** A mismatch class (objdump's mnemonic and ours) with its count and one example. */
  record MismatchClass(String key, int count, String example) {}

  /** Totals of one comparison. */
  record Result(String name, int lines, int exact, int thrown, List<MismatchClass> mismatches) {
    double exactRatio() {
      return lines == 0 ? 0 : (double) exact / lines;
    }
  }

  private static final Pattern SYMBOL = Pattern.compile("\\s*<[^>]*>");
  private static final Pattern COMMENT = Pattern.compile("\\s*//.*$");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private ObjdumpComparison() {}

  static String normalize(String text) {
    String s = COMMENT.matcher(text).replaceAll("");
    s = SYMBOL.matcher(s).replaceAll("");
    return SPACE.matcher(s.strip()).replaceAll(" ");
  }

  /** Reads a golden listing (gzip'd "address TAB word TAB text" lines). */
  static List<Line> readGolden(Path file) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      return parse(in);
    }
  }

  /** Parses "address TAB word TAB text" lines. */
  static List<Line> parse(BufferedReader in) throws IOException {
    List<Line> lines = new ArrayList<>();
    String s;
    while ((s = in.readLine()) != null) {
      String[] parts = s.split("\t", 3);
      lines.add(
          new Line(
              Long.parseUnsignedLong(parts[0], 16),
              Integer.parseUnsignedInt(parts[1], 16),
              parts.length > 2 ? parts[2] : ""));
    }
    return lines;
  }

  /** Parses the instruction lines of {@code objdump -d} output. */
  static List<Line> parseObjdump(BufferedReader in) throws IOException {
    Pattern insn = Pattern.compile("^ +([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$");
    List<Line> lines = new ArrayList<>();
    String s;
    while ((s = in.readLine()) != null) {
      var m = insn.matcher(s);
      if (m.matches()) {
        lines.add(
            new Line(
                Long.parseUnsignedLong(m.group(1), 16),
                Integer.parseUnsignedInt(m.group(2), 16),
                m.group(3)));
      }
    }
    return lines;
  }

  static Result compare(String name, List<Line> lines) {
    Decoder decoder = Decoder.standard();
    int exact = 0;
    int thrown = 0;
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    for (Line line : lines) {
      String ours;
      try {
        ours = normalize(Disassembler.format(decoder.decode(line.address(), line.word())));
      } catch (RuntimeException e) {
        thrown++;
        ours = "<exception " + e + ">";
      }
      String theirs = normalize(line.text());
      if (ours.equals(theirs)) {
        exact++;
        continue;
      }
      String key = mnemonic(theirs) + " / ours " + mnemonic(ours);
      counts.computeIfAbsent(key, k -> new int[1])[0]++;
      examples.putIfAbsent(
          key, String.format("%08x: objdump `%s`, ours `%s`", line.word(), theirs, ours));
    }
    List<MismatchClass> classes = new ArrayList<>();
    counts.forEach((k, v) -> classes.add(new MismatchClass(k, v[0], examples.get(k))));
    classes.sort(
        (a, b) -> a.count() != b.count() ? b.count() - a.count() : a.key().compareTo(b.key()));
    return new Result(name, lines.size(), exact, thrown, classes);
  }

  private static String mnemonic(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** A markdown table of the result. */
  static String report(List<Result> results, int maxClasses) {
    StringBuilder sb = new StringBuilder();
    sb.append("| listing | lines | exact | exact % | exceptions |\n|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(
          String.format(
              "| %s | %d | %d | %.3f | %d |%n",
              r.name(), r.lines(), r.exact(), 100 * r.exactRatio(), r.thrown()));
    }
    for (Result r : results) {
      if (r.mismatches().isEmpty()) {
        continue;
      }
      sb.append("\n### ").append(r.name()).append(": mismatch classes\n\n");
      sb.append("| objdump / ours | count | example |\n|---|---|---|\n");
      int n = 0;
      for (MismatchClass c : r.mismatches()) {
        if (n++ == maxClasses) {
          break;
        }
        sb.append("| ")
            .append(c.key())
            .append(" | ")
            .append(c.count())
            .append(" | ")
            .append(c.example().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  /** Development entry point: compares the given golden files and prints the report. */
  public static void main(String[] args) throws IOException {
    List<Result> results = new ArrayList<>();
    for (String arg : args) {
      Path p = Path.of(arg);
      results.add(compare(p.getFileName().toString(), readGolden(p)));
    }
    System.out.print(report(results, 60));
  }
}
