package dev.recomp.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical JSON for every recomp record: object keys sorted, two-space indentation, {@code \n}
 * line ends and a final newline, so equal records give byte-identical files. Records map to
 * snake_case keys; {@code null} components are written as {@code null}, never dropped.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n"))
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withArrayEmptySeparator("")
                      .withObjectEmptySeparator("")));

  private Json() {}

  /** The shared mapper (snake_case records), for modules that bind their own types. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** {@code value} as a JSON tree. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** The canonical bytes of {@code value} (a record, map or tree). */
  public static byte[] canonical(Object value) {
    JsonNode sorted = sorted(value instanceof JsonNode node ? node : tree(value));
    try {
      return (WRITER.writeValueAsString(sorted) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new ManifestException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Checks {@code value} against {@code schema}, then writes its canonical bytes to {@code target}
   * atomically; an identical existing file is left untouched. Returns the bytes written.
   */
  public static byte[] write(Path target, Object value, Schema schema) {
    JsonNode node = value instanceof JsonNode n ? n : tree(value);
    schema.check(node, target.toString());
    byte[] bytes = canonical(node);
    AtomicFiles.write(target, bytes);
    return bytes;
  }

  /** Parses {@code file}, checks it against {@code schema} and binds it to {@code type}. */
  public static <T> T read(Path file, Class<T> type, Schema schema) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ManifestException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ManifestException(file + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode node = parse(bytes, file.toString());
    schema.check(node, file.toString());
    return bind(node, type, file.toString());
  }

  /** Parses JSON text; a syntax error is a one-line message naming {@code source} and the line. */
  public static JsonNode parse(byte[] bytes, String source) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new ManifestException(source + ": empty, expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      throw new ManifestException(source + where + ": not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ManifestException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Binds a (schema-checked) tree to {@code type}. */
  public static <T> T bind(JsonNode node, Class<T> type, String source) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new ManifestException(source + ": " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      object.properties().forEach(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      array.forEach(element -> out.add(sorted(element)));
      return out;
    }
    return node;
  }
}
