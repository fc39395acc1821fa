package dev.recomp.isa.internal;

import dev.recomp.isa.Extension;
import dev.recomp.isa.TableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates an encoding table.
 *
 * <p>Line kinds: {@code # comment}; {@code !extension NAME} (sets the extension of the rows that
 * follow); an encoding row {@code NAME PATTERN MNEMONIC OPERANDS [?GUARD...]}; and an alias row,
 * the same but indented, which belongs to the encoding row above it. OPERANDS is a comma-separated
 * list of operand kinds without spaces, or {@code -} for none.
 *
 * <p>A pattern is 32 characters, most significant bit first, optionally grouped with {@code _}.
 *
 * <p>Validation (each failure is {@code file:line: message} and no table is built): 32 pattern
 * characters of {@code 0 1 - A-Z a-z}; every letter field read by an operand, guard or mnemonic
 * exists and every letter field is read; names are unique; an alias refines its encoding's fixed
 * bits; two unguarded encodings overlap only when the earlier one is strictly more specific (a
 * guarded row restricts its words in a way the loader cannot see, so guards settle overlaps).
 */
public final class TableParser {
  private TableParser() {}

  /** Parses and validates the table read from {@code reader}; {@code file} names it in errors. */
  public static List<Row> parse(String file, Reader reader) throws TableException, IOException {
    List<Row> rows = new ArrayList<>();
    Map<String, Row> byName = new HashMap<>();
    Extension extension = Extension.BASE;
    BufferedReader in = new BufferedReader(reader);
    Row current = null;
    String text;
    int lineNo = 0;
    while ((text = in.readLine()) != null) {
      lineNo++;
      String trimmed = text.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.startsWith("!")) {
        extension = directive(file, lineNo, trimmed);
        continue;
      }
      boolean alias = Character.isWhitespace(text.charAt(0));
      Row row = row(file, lineNo, trimmed, extension);
      Row previous = byName.putIfAbsent(row.name(), row);
      if (previous != null) {
        throw new TableException(
            file, lineNo, "duplicate name " + row.name() + " (line " + previous.line() + ")");
      }
      if (alias) {
        if (current == null) {
          throw new TableException(
              file, lineNo, "alias " + row.name() + " has no encoding above it");
        }
        if ((row.mask() & current.mask()) != current.mask()
            || (row.bits() & current.mask()) != current.bits()) {
          throw new TableException(
              file,
              lineNo,
              "alias "
                  + row.name()
                  + " does not refine "
                  + current.name()
                  + " (line "
                  + current.line()
                  + ")");
        }
        current.addAlias(row);
      } else {
        checkOverlaps(file, rows, row);
        rows.add(row);
        current = row;
      }
    }
    return rows;
  }

  private static Extension directive(String file, int line, String text) throws TableException {
    String[] parts = text.split("\\s+");
    if (parts.length != 2 || !parts[0].equals("!extension")) {
      throw new TableException(file, line, "unknown directive " + text);
    }
    try {
      return Extension.valueOf(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new TableException(file, line, "unknown extension " + parts[1]);
    }
  }

  private static Row row(String file, int line, String text, Extension extension)
      throws TableException {
    String[] cols = text.split("\\s+");
    if (cols.length < 4) {
      throw new TableException(
          file,
          line,
          "expected NAME PATTERN MNEMONIC OPERANDS [?GUARD...], got " + cols.length + " columns");
    }
    String name = cols[0];
    String pattern = cols[1].replace("_", "");
    if (pattern.length() != 32) {
      throw new TableException(
          file, line, "pattern has " + pattern.length() + " bits, expected 32");
    }
    int mask = 0;
    int bits = 0;
    Map<Character, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < 32; i++) {
      char c = pattern.charAt(i);
      int bit = 31 - i;
      if (c == '0' || c == '1') {
        mask |= 1 << bit;
        bits |= (c - '0') << bit;
      } else if (Character.isLetter(c) && c < 128) {
        positions.computeIfAbsent(c, k -> new ArrayList<>()).add(bit);
      } else if (c != '-') {
        throw new TableException(file, line, "bad pattern character '" + c + "' at bit " + bit);
      }
    }
    Field[] fields = new Field['z' - 'A' + 1];
    for (Map.Entry<Character, List<Integer>> e : positions.entrySet()) {
      int[] pos = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      fields[e.getKey() - 'A'] = Field.of(e.getKey(), pos);
    }
    Mnemonic mnemonic;
    List<OperandKind> operands = new ArrayList<>();
    List<Guard> guards = new ArrayList<>();
    try {
      mnemonic = Mnemonic.parse(cols[2]);
      if (!cols[3].equals("-")) {
        for (String token : cols[3].split(",")) {
          operands.add(OperandKind.parse(token));
        }
      }
      for (int i = 4; i < cols.length; i++) {
        if (!cols[i].startsWith("?")) {
          throw new IllegalArgumentException("expected a ?guard, got " + cols[i]);
        }
        guards.add(Guard.parse(cols[i].substring(1)));
      }
    } catch (IllegalArgumentException e) {
      throw new TableException(file, line, e.getMessage());
    }
    Set<Character> used = new TreeSet<>();
    mnemonic.collectLetters(used);
    operands.forEach(k -> used.addAll(k.letters()));
    guards.forEach(g -> used.addAll(g.letters()));
    for (char c : used) {
      if (!positions.containsKey(c)) {
        throw new TableException(file, line, "field " + c + " not in pattern " + pattern);
      }
    }
    for (char c : new TreeSet<>(positions.keySet())) {
      if (!used.contains(c)) {
        throw new TableException(file, line, "field " + c + " is never used");
      }
    }
    return new Row(name, line, extension, mask, bits, fields, mnemonic, operands, guards);
  }

  private static void checkOverlaps(String file, List<Row> earlier, Row row) throws TableException {
    for (Row other : earlier) {
      int common = other.mask() & row.mask();
      if (((other.bits() ^ row.bits()) & common) != 0 || other.hasGuards() || row.hasGuards()) {
        continue;
      }
      boolean otherStrictlyInside =
          (other.mask() & row.mask()) == row.mask() && other.mask() != row.mask();
      if (otherStrictlyInside) {
        continue;
      }
      boolean rowInside = (row.mask() & other.mask()) == other.mask();
      throw new TableException(
          file,
          row.line(),
          (rowInside
                  ? "pattern " + row.name() + " is shadowed by "
                  : "overlapping patterns: " + row.name() + " and ")
              + other.name()
              + " (line "
              + other.line()
              + ")");
    }
  }
}
