package dev.recomp.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Renders the reference page of one JSON Schema ({@code docs/schemas/<name>.md}): its title,
 * description, links, and one table row per field, found by walking properties, array items, {@code
 * allOf}, {@code oneOf} and local {@code $ref}s. The page is derived from the schema alone, so it
 * cannot drift from it.
 */
final class SchemaReference {
  /** One row of the field table. */
  record Field(String path, String type, boolean required, String description) {}

  private final JsonNode root;
  private final Map<String, Field> fields = new LinkedHashMap<>();

  private SchemaReference(JsonNode root) {
    this.root = root;
  }

  /**
   * The page for {@code schema} (file {@code fileName}) with its examples and guide pages, all as
   * repository-relative paths.
   */
  static String page(String fileName, JsonNode schema, List<String> examples, List<String> guides) {
    SchemaReference ref = new SchemaReference(schema);
    ref.walk("", schema, new HashSet<>());
    StringBuilder md = new StringBuilder();
    md.append("<!-- Generated from schemas/")
        .append(fileName)
        .append(
            " by DocsTest; do not edit. After changing the schema run scripts/update-docs.sh. -->\n\n");
    md.append("# ").append(text(schema.path("title"))).append("\n\n");
    md.append(text(schema.path("description"))).append("\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| schema | ").append(link("schemas/" + fileName)).append(" |\n");
    md.append("| `$id` | `").append(schema.path("$id").asText()).append("` |\n");
    md.append("| example")
        .append(examples.size() > 1 ? "s" : "")
        .append(" | ")
        .append(examples.stream().map(SchemaReference::link).collect(Collectors.joining(", ")))
        .append(" |\n");
    if (!guides.isEmpty()) {
      md.append("| guide | ")
          .append(
              guides.stream()
                  .map(g -> "[" + g.substring("docs/".length()) + "](../" + g.substring(5) + ")")
                  .collect(Collectors.joining(", ")))
          .append(" |\n");
    }
    md.append("\n## Fields\n\n");
    md.append("| field | type | required | meaning |\n|---|---|---|---|\n");
    for (Field f : ref.fields.values()) {
      md.append("| `")
          .append(f.path())
          .append("` | ")
          .append(f.type())
          .append(" | ")
          .append(f.required() ? "yes" : "")
          .append(" | ")
          .append(f.description())
          .append(" |\n");
    }
    return md.toString();
  }

  private static String link(String repoPath) {
    return "[`" + repoPath + "`](../../" + repoPath + ")";
  }

  /** Adds a row per property of {@code node} (an object schema), then descends into each. */
  private void walk(String prefix, JsonNode node, Set<String> seenRefs) {
    JsonNode resolved = resolve(node);
    Set<String> required = new HashSet<>();
    List<JsonNode> parts = new ArrayList<>();
    resolved.path("allOf").forEach(p -> parts.add(resolve(p)));
    parts.add(resolved);
    for (JsonNode part : parts) {
      part.path("required").forEach(r -> required.add(r.asText()));
    }
    for (JsonNode part : parts) {
      part.path("properties")
          .properties()
          .forEach(
              e -> {
                String path = prefix + e.getKey();
                JsonNode value = e.getValue();
                Field field =
                    new Field(path, type(value), required.contains(e.getKey()), description(value));
                fields.merge(path, field, SchemaReference::merge);
                descend(path, value, seenRefs);
              });
    }
  }

  /** A property declared twice (an object and its allOf part): required if either says so. */
  private static Field merge(Field first, Field second) {
    return new Field(
        first.path(),
        first.type(),
        first.required() || second.required(),
        first.description().isEmpty() ? second.description() : first.description());
  }

  private void descend(String path, JsonNode value, Set<String> seenRefs) {
    String ref = value.path("$ref").asText("");
    if (ref.startsWith("#") && !seenRefs.add(ref)) {
      return;
    }
    JsonNode v = resolve(value);
    if (hasProperties(v)) {
      walk(path + ".", v, seenRefs);
    } else if (v.has("items") && hasProperties(resolve(v.get("items")))) {
      walk(path + "[].", v.get("items"), seenRefs);
    } else {
      for (String combinator : List.of("oneOf", "anyOf")) {
        for (JsonNode alt : v.path(combinator)) {
          JsonNode a = resolve(alt);
          if (hasProperties(a)) {
            walk(path + ".", a, seenRefs);
          } else if (a.has("items") && hasProperties(resolve(a.get("items")))) {
            walk(path + "[].", a.get("items"), seenRefs);
          }
        }
      }
    }
    if (ref.startsWith("#")) {
      seenRefs.remove(ref);
    }
  }

  private boolean hasProperties(JsonNode node) {
    if (node.has("properties")) {
      return true;
    }
    for (JsonNode part : node.path("allOf")) {
      if (resolve(part).has("properties")) {
        return true;
      }
    }
    return false;
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (!ref.startsWith("#/")) {
      return node;
    }
    JsonNode target = root;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part);
    }
    return target;
  }

  private String type(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.startsWith("https://recomp.dev/schemas/")) {
      String file = ref.substring("https://recomp.dev/schemas/".length());
      String name = file.replace(".schema.json", "");
      return "see [" + name + "](" + name + ".md)";
    }
    JsonNode n = resolve(node);
    if (n.has("const")) {
      return "const `" + n.get("const") + "`";
    }
    if (n.has("enum")) {
      return StreamSupport.stream(n.get("enum").spliterator(), false)
          .map(v -> "`" + v + "`")
          .collect(Collectors.joining(" \\| "));
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      if (n.has(combinator)) {
        return StreamSupport.stream(n.get(combinator).spliterator(), false)
            .map(this::type)
            .distinct()
            .collect(Collectors.joining(" or "));
      }
    }
    String type = n.path("type").isArray() ? joinTypes(n.get("type")) : n.path("type").asText("");
    List<String> constraints = new ArrayList<>();
    if (n.has("pattern")) {
      constraints.add("pattern `" + cell(n.get("pattern").asText()) + "`");
    }
    if (n.has("format")) {
      constraints.add("format " + n.get("format").asText());
    }
    for (String bound : List.of("minimum", "maximum", "minLength", "maxLength", "minItems")) {
      if (n.has(bound)) {
        constraints.add(bound + " " + n.get(bound));
      }
    }
    if (n.path("uniqueItems").asBoolean(false)) {
      constraints.add("unique");
    }
    String base =
        switch (type) {
          case "array" -> "array of " + (n.has("items") ? type(n.get("items")) : "anything");
          case "object" ->
              hasProperties(n)
                  ? "object"
                  : n.path("additionalProperties").isObject()
                      ? "map of " + type(n.get("additionalProperties"))
                      : n.path("patternProperties").isObject() ? "map of objects" : "object";
          case "" -> hasProperties(n) ? "object" : "any";
          default -> type;
        };
    if (base.equals("array of object")) {
      base = "array of objects";
    }
    return constraints.isEmpty() ? base : base + " (" + String.join(", ", constraints) + ")";
  }

  private static String joinTypes(JsonNode types) {
    return StreamSupport.stream(types.spliterator(), false)
        .map(JsonNode::asText)
        .collect(Collectors.joining(" or "));
  }

  private String description(JsonNode node) {
    JsonNode n = resolve(node);
    String text = text(node.has("description") ? node.get("description") : n.path("description"));
    if (n.has("default")) {
      text = (text.isEmpty() ? "" : text + " ") + "Default: `" + n.get("default") + "`.";
    }
    return cell(text);
  }

  private static String text(JsonNode node) {
    return node.asText("").replaceAll("\\s+", " ").strip();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
