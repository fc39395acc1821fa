package dev.recomp.isa;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Compares our disassembly with objdump's, line by line. Both sides are normalized only in
 * whitespace and by dropping objdump's {@code <symbol+offset>} and {@code // comment} annotations.
 */
final class ObjdumpComparison {

  /** One objdump line: address, word, objdump's instruction text. */
  record Line(long address, int word, String text) {}

  /** A golden listing: how objdump wrote targets, and its instruction lines. */
  record Listing(String name, Disassembler.TargetStyle style, List<Line> lines) {}

  /** A mismatch class (objdump's mnemonic and ours) with its count and one example. */
  record MismatchClass(String key, int count, String example) {}

  /**
   * Totals of one comparison. Data lines (objdump's {@code .word}, chosen from ELF mapping symbols,
   * which the decoder does not see) are not compared; {@code lostDecodes} counts words we call
   * unallocated although objdump decodes them.
   */
  record Result(
      String name,
      int lines,
      int data,
      int exact,
      int thrown,
      int lostDecodes,
      List<MismatchClass> mismatches) {
    int compared() {
      return lines - data;
    }

    double exactRatio() {
      return compared() == 0 ? 1 : (double) exact / compared();
    }
  }

  private static final Pattern SYMBOL = Pattern.compile("\\s*<[^>]*>");
  private static final Pattern COMMENT = Pattern.compile("\\s*//.*$");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern OBJDUMP_LINE =
      Pattern.compile("^ +([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$");

  private ObjdumpComparison() {}

  static String normalize(String text) {
    String s = COMMENT.matcher(text).replaceAll("");
    s = SYMBOL.matcher(s).replaceAll("");
    return SPACE.matcher(s.strip()).replaceAll(" ");
  }

  /** Reads a golden listing written by scripts/record-objdump-goldens.sh. */
  static Listing readGolden(Path file) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String name = file.getFileName().toString().replace(".tsv.gz", "");
      Disassembler.TargetStyle style = Disassembler.TargetStyle.HEX_PREFIXED;
      List<Line> lines = new ArrayList<>();
      long address = 0;
      int lineNo = 0;
      String s;
      while ((s = in.readLine()) != null) {
        lineNo++;
        if (s.startsWith("!targets ")) {
          style =
              s.endsWith(" bare")
                  ? Disassembler.TargetStyle.BARE
                  : Disassembler.TargetStyle.HEX_PREFIXED;
        } else if (s.startsWith("@")) {
          address = Long.parseUnsignedLong(s.substring(1), 16);
        } else {
          String[] parts = s.split("\t", 2);
          if (parts.length != 2 || parts[0].length() != 8) {
            throw new IOException(file + ":" + lineNo + ": expected word<TAB>text");
          }
          lines.add(new Line(address, Integer.parseUnsignedInt(parts[0], 16), parts[1]));
          address += 4;
        }
      }
      return new Listing(name, style, lines);
    }
  }

  /** Parses the instruction lines of {@code objdump -d} output. */
  static Listing parseObjdump(String name, BufferedReader in) throws IOException {
    List<Line> lines = new ArrayList<>();
    boolean symbols = false;
    String s;
    while ((s = in.readLine()) != null) {
      Matcher m = OBJDUMP_LINE.matcher(s);
      if (m.matches()) {
        lines.add(
            new Line(
                Long.parseUnsignedLong(m.group(1), 16),
                Integer.parseUnsignedInt(m.group(2), 16),
                m.group(3)));
        symbols |= SYMBOL.matcher(m.group(3)).find();
      }
    }
    return new Listing(
        name,
        symbols ? Disassembler.TargetStyle.BARE : Disassembler.TargetStyle.HEX_PREFIXED,
        lines);
  }

  static Result compare(Listing listing) {
    Decoder decoder = Decoder.standard();
    int exact = 0;
    int thrown = 0;
    int data = 0;
    int lostDecodes = 0;
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    for (Line line : listing.lines()) {
      String theirs = normalize(line.text());
      if (theirs.startsWith(".word")) {
        data++;
        continue;
      }
      String ours;
      try {
        Insn insn = decoder.decode(line.address(), line.word());
        if (insn instanceof Insn.Unallocated && !theirs.startsWith(".inst")) {
          lostDecodes++;
        }
        ours = normalize(Disassembler.format(insn, listing.style()));
      } catch (RuntimeException e) {
        thrown++;
        ours = "<exception " + e + ">";
      }
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
    return new Result(
        listing.name(), listing.lines().size(), data, exact, thrown, lostDecodes, classes);
  }

  private static String mnemonic(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }

  /** A markdown report: one totals row per listing, then each listing's mismatch classes. */
  static String report(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| listing | instructions | data words | exact | exact % | exceptions | lost decodes |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %.3f | %d | %d |%n",
              r.name(),
              r.compared(),
              r.data(),
              r.exact(),
              100 * r.exactRatio(),
              r.thrown(),
              r.lostDecodes()));
    }
    for (Result r : results) {
      if (r.mismatches().isEmpty()) {
        continue;
      }
      sb.append("\n### ").append(r.name()).append(": remaining mismatch classes\n\n");
      sb.append("| objdump / ours | count | example |\n|---|---|---|\n");
      for (MismatchClass c : r.mismatches()) {
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
      results.add(compare(readGolden(Path.of(arg))));
    }
    System.out.print(report(results));
  }
}
