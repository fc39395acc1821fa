package dev.recomp.core.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line on which a TOML key is written, so that config errors can name it. Jackson's TOML
 * reader keeps no positions for values, so this reads table headers and {@code key = } lines
 * itself; a key it cannot place (inside an inline table, say) gets its nearest enclosing key's
 * line.
 */
final class TomlLines {
  private static final Pattern HEADER =
      Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*]]?\\s*(#.*)?$");
  private static final Pattern KEY =
      Pattern.compile(
          "^\\s*([A-Za-z0-9_\\-]+|\"[^\"]*\"|'[^']*')((\\s*\\.\\s*([A-Za-z0-9_\\-]+|\"[^\"]*\"))*)\\s*=");

  private final Map<String, Integer> lines = new HashMap<>();

  TomlLines(String text) {
    String table = "";
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      Matcher header = HEADER.matcher(line);
      if (header.matches()) {
        table = dotted(header.group(1));
        lines.putIfAbsent(table, number);
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (key.find()) {
        String name = dotted(key.group(1) + key.group(2));
        lines.putIfAbsent(table.isEmpty() ? name : table + "." + name, number);
      }
    }
  }

  /** The line of the key at {@code path} (or of its nearest placed ancestor); 0 if none. */
  int lineOf(List<String> path) {
    for (int n = path.size(); n > 0; n--) {
      Integer line = lines.get(String.join(".", path.subList(0, n)));
      if (line != null) {
        return line;
      }
    }
    return 0;
  }

  private static String dotted(String key) {
    StringBuilder out = new StringBuilder();
    for (String part : key.split("\\.")) {
      String bare = part.strip();
      if (bare.length() >= 2
          && (bare.startsWith("\"") && bare.endsWith("\"")
              || bare.startsWith("'") && bare.endsWith("'"))) {
        bare = bare.substring(1, bare.length() - 1);
      }
      out.append(out.isEmpty() ? "" : ".").append(bare);
    }
    return out.toString();
  }
}
