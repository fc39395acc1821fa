package dev.recomp.intake.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.recomp.intake.IntakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One TOML table of a configuration file, read with strict checks: every key must be known, every
 * value of the expected type. Errors name the file and the key's full path ({@code
 * inputs[1].sha256}).
 */
public final class TomlTable {
  private static final TomlMapper MAPPER = new TomlMapper();

  private final Path file;
  private final String path;
  private final ObjectNode node;

  private TomlTable(Path file, String path, ObjectNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  /** The root table of the TOML file at {@code file}. */
  public static TomlTable read(Path file) throws IntakeException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IntakeException(file + ": no such file", e);
    } catch (IOException e) {
      throw new IntakeException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      JsonNode root = MAPPER.readTree(text);
      return new TomlTable(file, "", root instanceof ObjectNode o ? o : MAPPER.createObjectNode());
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new IntakeException(
          file
              + ": "
              + where
              + "invalid TOML: "
              + e.getOriginalMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** An error about the key {@code name} of this table. */
  public IntakeException error(String name, String problem) {
    return new IntakeException(file + ": " + key(name) + ": " + problem);
  }

  /** Fails naming the first key (in sorted order) that is not in {@code known}. */
  public void allowOnly(Set<String> known) throws IntakeException {
    Set<String> unknown = new TreeSet<>();
    node.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IntakeException(
          file
              + ": unknown key \""
              + key(unknown.iterator().next())
              + "\" (known keys here: "
              + String.join(", ", new TreeSet<>(known))
              + ")");
    }
  }

  /** The string at {@code name}, which must be present. */
  public String string(String name) throws IntakeException {
    return optionalString(name).orElseThrow(() -> error(name, "missing (a string is required)"));
  }

  /** The string at {@code name}, if present. */
  public Optional<String> optionalString(String name) throws IntakeException {
    JsonNode v = node.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw error(name, "expected a string, found " + describe(v));
    }
    return Optional.of(v.asText());
  }

  /** The string at {@code name}, which must be one of {@code allowed}. */
  public String oneOf(String name, Set<String> allowed) throws IntakeException {
    String v = string(name);
    if (!allowed.contains(v)) {
      throw error(name, "\"" + v + "\" is not one of " + String.join(", ", new TreeSet<>(allowed)));
    }
    return v;
  }

  /** The integer at {@code name}, which must be present. */
  public long integer(String name) throws IntakeException {
    JsonNode v = node.get(name);
    if (v == null) {
      throw error(name, "missing (an integer is required)");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(name, "expected an integer, found " + describe(v));
    }
    return v.asLong();
  }

  /** The table at {@code name}, which must be present. */
  public TomlTable table(String name) throws IntakeException {
    JsonNode v = node.get(name);
    if (v == null) {
      throw error(name, "missing (a table is required)");
    }
    if (!(v instanceof ObjectNode o)) {
      throw error(name, "expected a table, found " + describe(v));
    }
    return new TomlTable(file, key(name), o);
  }

  /** The array of tables at {@code name} ({@code [[name]]}), empty if absent. */
  public List<TomlTable> tables(String name) throws IntakeException {
    JsonNode v = node.get(name);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw error(name, "expected an array of tables ([[" + name + "]]), found " + describe(v));
    }
    List<TomlTable> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!(v.get(i) instanceof ObjectNode o)) {
        throw error(name + "[" + i + "]", "expected a table, found " + describe(v.get(i)));
      }
      out.add(new TomlTable(file, key(name) + "[" + i + "]", o));
    }
    return out;
  }

  private static String describe(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> v.isIntegralNumber() ? "an integer" : "a float";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "a table";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
