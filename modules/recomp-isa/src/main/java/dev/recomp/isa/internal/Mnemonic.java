package dev.recomp.isa.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A mnemonic template such as {@code b.{c}} or {@code ld{lse}{ar}b}: text and placeholders. */
final class Mnemonic {

  /** A placeholder filled from letter fields. */
  enum Part {
    /** Condition code from field c. */
    C("c") {
      @Override
      String render(Row row, int word) {
        return Names.COND[row.field('c', word)];
      }
    },
    /** Acquire/release suffix of LSE atomics from fields a (acquire) and r (release). */
    AR("ar") {
      @Override
      String render(Row row, int word) {
        return (row.field('a', word) == 1 ? "a" : "") + (row.field('r', word) == 1 ? "l" : "");
      }
    },
    /** Release suffix "l" from field r (the ST* aliases of LSE atomics have no acquire). */
    L("r") {
      @Override
      String render(Row row, int word) {
        return row.field('r', word) == 1 ? "l" : "";
      }
    },
    /** Upper-half suffix "2" of long/narrow AdvSIMD instructions from field q. */
    Q2("q") {
      @Override
      String render(Row row, int word) {
        return row.field('q', word) == 1 ? "2" : "";
      }
    },
    /** LSE atomic memory operation from field o (opc). */
    LSE("o") {
      @Override
      String render(Row row, int word) {
        return Names.LSE_OP[row.field('o', word)];
      }
    };

    private final String letters;

    Part(String letters) {
      this.letters = letters;
    }

    abstract String render(Row row, int word);
  }

  private final List<Object> pieces;
  private final String text;

  private Mnemonic(List<Object> pieces, String text) {
    this.pieces = pieces;
    this.text = text;
  }

  /** Parses a template; throws IllegalArgumentException naming an unknown placeholder. */
  static Mnemonic parse(String template) {
    List<Object> pieces = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        pieces.add(template.substring(i));
        break;
      }
      if (open > i) {
        pieces.add(template.substring(i, open));
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' in mnemonic " + template);
      }
      String name = template.substring(open + 1, close);
      Part part = null;
      for (Part p : Part.values()) {
        if (p.name().equalsIgnoreCase(name)) {
          part = p;
        }
      }
      if (part == null) {
        throw new IllegalArgumentException("unknown mnemonic placeholder {" + name + "}");
      }
      pieces.add(part);
      i = close + 1;
    }
    return new Mnemonic(List.copyOf(pieces), template);
  }

  String render(Row row, int word) {
    if (pieces.size() == 1 && pieces.get(0) instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (Object piece : pieces) {
      sb.append(piece instanceof Part p ? p.render(row, word) : (String) piece);
    }
    return sb.toString();
  }

  void collectLetters(Set<Character> out) {
    for (Object piece : pieces) {
      if (piece instanceof Part p) {
        for (char c : p.letters.toCharArray()) {
          out.add(c);
        }
      }
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
