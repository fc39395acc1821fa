package dev.recomp.validation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.ManifestException;
import dev.recomp.validation.ValidationException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Strict reading of JSON fields (one-line errors naming file and key); parsing and canonical text
 * come from recomp-manifest.
 */
public final class Json {
  private Json() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Reads {@code file} as a JSON object. */
  public static ObjectNode readObject(Path file) {
    byte[] bytes;
    try {
      bytes = java.nio.file.Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ValidationException(file + ": missing");
    } catch (IOException e) {
      throw new ValidationException(file + ": cannot read: " + e.getMessage());
    }
    return parseObject(bytes, file.toString());
  }

  /** Parses {@code bytes} as a JSON object; {@code where} names the source in errors. */
  public static ObjectNode parseObject(byte[] bytes, String where) {
    JsonNode node;
    try {
      node = dev.recomp.manifest.Json.parse(bytes, where);
    } catch (ManifestException e) {
      throw new ValidationException(e.getMessage().replaceAll("\\s+", " "));
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ValidationException(where + ": expected a JSON object");
    }
    return object;
  }

  /** Rejects keys of {@code node} outside {@code allowed}, naming the first unknown one. */
  public static void onlyKeys(JsonNode node, Set<String> allowed, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ValidationException(where + ": unknown key \"" + name + "\"");
      }
    }
  }

  /** The required field {@code key} of {@code node}. */
  public static JsonNode required(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new ValidationException(where + ": missing key \"" + key + "\"");
    }
    return v;
  }

  /** The integer field {@code key}. */
  public static long integer(JsonNode node, String key, String where) {
    JsonNode v = required(node, key, where);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ValidationException(where + ": \"" + key + "\" must be an integer");
    }
    return v.asLong();
  }

  /** The number field {@code key}. */
  public static double number(JsonNode node, String key, String where) {
    JsonNode v = required(node, key, where);
    if (!v.isNumber()) {
      throw new ValidationException(where + ": \"" + key + "\" must be a number");
    }
    return v.asDouble();
  }

  /** The boolean field {@code key}. */
  public static boolean bool(JsonNode node, String key, String where) {
    JsonNode v = required(node, key, where);
    if (!v.isBoolean()) {
      throw new ValidationException(where + ": \"" + key + "\" must be true or false");
    }
    return v.asBoolean();
  }

  /** The string field {@code key}. */
  public static String text(JsonNode node, String key, String where) {
    JsonNode v = required(node, key, where);
    if (!v.isTextual()) {
      throw new ValidationException(where + ": \"" + key + "\" must be a string");
    }
    return v.asText();
  }

  /** The array-of-strings field {@code key}. */
  public static List<String> texts(JsonNode node, String key, String where) {
    JsonNode v = required(node, key, where);
    if (!v.isArray()) {
      throw new ValidationException(where + ": \"" + key + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new ValidationException(where + ": \"" + key + "\" must be an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  /** {@code node} as canonical JSON (sorted keys, two-space indent, final newline), UTF-8. */
  public static byte[] bytes(JsonNode node) {
    return dev.recomp.manifest.Json.canonical(node);
  }
}
