package dev.recomp.lift.analysis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the line each key and array element of a TOML document starts on. Jackson's TOML reader
 * builds a tree without locations, so error messages would otherwise name a key but no line. Runs
 * only on documents that already parsed, so it follows structure without re-validating it.
 *
 * <p>Paths are written {@code $.hooks[2].class}, the form {@link #path} renders.
 */
final class TomlKeyLines {
  private final String text;
  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<String, Integer> arrayCounts = new HashMap<>();
  private int pos;
  private int line = 1;

  private TomlKeyLines(String text) {
    this.text = text;
  }

  /** The line of every key path in {@code text}. */
  static TomlKeyLines of(String text) {
    TomlKeyLines scanner = new TomlKeyLines(text);
    scanner.document();
    return scanner;
  }

  /** The first line the path appears on. */
  Optional<Integer> line(String path) {
    return Optional.ofNullable(lines.get(path));
  }

  /** Renders a child path: a key of an object, or an index of an array. */
  static String path(String parent, Object child) {
    return child instanceof Integer index
        ? parent + "[" + index + "]"
        : parent + (isBare(child.toString()) ? "." + child : "['" + child + "']");
  }

  private static boolean isBare(String key) {
    return !key.isEmpty() && key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
  }

  private void document() {
    String table = "$";
    while (!atEnd()) {
      int before = pos;
      skipBlank(true);
      if (atEnd()) {
        break;
      }
      if (peek() == '[') {
        table = header();
      } else {
        keyValue(table);
      }
      if (pos == before) {
        pos++;
      }
    }
  }

  private String header() {
    boolean arrayOfTables = text.startsWith("[[", pos);
    pos += arrayOfTables ? 2 : 1;
    String path = "$";
    List<String> keys = keys();
    for (int i = 0; i < keys.size(); i++) {
      path = path(path, keys.get(i));
      Integer count = arrayCounts.get(path);
      boolean last = i == keys.size() - 1;
      if (count != null && !(last && arrayOfTables)) {
        path = path(path, count - 1);
      }
    }
    record(path);
    if (arrayOfTables) {
      int index = arrayCounts.merge(path, 1, Integer::sum) - 1;
      path = path(path, index);
      record(path);
    }
    while (!atEnd() && peek() != '\n') {
      pos++;
    }
    return path;
  }

  private void keyValue(String table) {
    String path = table;
    for (String key : keys()) {
      path = path(path, key);
    }
    record(path);
    skipSpaces();
    if (!atEnd() && peek() == '=') {
      pos++;
    }
    value(path);
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    while (!atEnd()) {
      skipSpaces();
      if (atEnd()) {
        break;
      }
      char c = peek();
      if (c == '"' || c == '\'') {
        int start = pos + 1;
        skipString();
        keys.add(text.substring(start, Math.max(start, pos - 1)));
      } else {
        int start = pos;
        while (!atEnd() && isBareKeyChar(peek())) {
          pos++;
        }
        if (pos == start) {
          break;
        }
        keys.add(text.substring(start, pos));
      }
      skipSpaces();
      if (atEnd() || peek() != '.') {
        break;
      }
      pos++;
    }
    return keys;
  }

  private static boolean isBareKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
  }

  private void value(String path) {
    skipSpaces();
    if (atEnd()) {
      return;
    }
    switch (peek()) {
      case '[' -> array(path);
      case '{' -> inlineTable(path);
      case '"', '\'' -> skipString();
      default -> {
        while (!atEnd() && ",]}#\n".indexOf(peek()) < 0) {
          pos++;
        }
      }
    }
  }

  private void array(String path) {
    pos++;
    int index = 0;
    while (!atEnd()) {
      skipBlank(true);
      if (atEnd() || peek() == ']') {
        break;
      }
      int before = pos;
      String element = path(path, index);
      record(element);
      value(element);
      skipBlank(true);
      if (!atEnd() && peek() == ',') {
        pos++;
        index++;
      } else if (pos == before) {
        pos++;
      }
    }
    if (!atEnd()) {
      pos++;
    }
  }

  private void inlineTable(String path) {
    pos++;
    while (!atEnd()) {
      skipSpaces();
      if (atEnd() || peek() == '}') {
        break;
      }
      int before = pos;
      keyValue(path);
      skipSpaces();
      if (!atEnd() && peek() == ',') {
        pos++;
      } else if (pos == before) {
        pos++;
      }
    }
    if (!atEnd()) {
      pos++;
    }
  }

  private void skipString() {
    char quote = peek();
    boolean multiline = text.startsWith(String.valueOf(quote).repeat(3), pos);
    pos += multiline ? 3 : 1;
    while (!atEnd()) {
      char c = peek();
      if (c == '\\' && quote == '"') {
        pos += 2;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      if (c == quote && (!multiline || text.startsWith(String.valueOf(quote).repeat(3), pos))) {
        pos += multiline ? 3 : 1;
        // A multi-line string may end with up to two extra quotes of content.
        while (multiline && !atEnd() && peek() == quote) {
          pos++;
        }
        return;
      }
      pos++;
    }
  }

  private void skipBlank(boolean newlines) {
    while (!atEnd()) {
      char c = peek();
      if (c == '#') {
        while (!atEnd() && peek() != '\n') {
          pos++;
        }
      } else if (c == '\n' && newlines) {
        line++;
        pos++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  private void skipSpaces() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  private void record(String path) {
    lines.putIfAbsent(path, line);
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }
}
