package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.Schema;
import dev.recomp.runtime.RuntimeTrace;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The docs check: every schema has a generated reference page (current with the schema) and valid
 * examples, every automation.toml key is in the reference, and every internal link resolves. With
 * {@code -Drecomp.update.docs=true} (scripts/update-docs.sh) the generated files are rewritten.
 */
class DocsTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));
  static final boolean UPDATE = Boolean.getBoolean("recomp.update.docs");

  /** Examples of the schemas whose example is not {@code schemas/examples/<name>.example.json}. */
  static final Map<String, List<String>> EXAMPLES =
      Map.of(
          "automation", List.of("examples/hello/automation.toml"),
          "functions", List.of("schemas/examples/functions.json"),
          "name-map", List.of("schemas/examples/name-map.json"),
          "title-config", List.of("schemas/examples/title-config.toml"),
          "policy-table", List.of("policy/policy.json"),
          "redaction-profile",
              List.of(
                  "policy/redaction/homebrew-default.json", "policy/redaction/retail-strict.json"));

  /** Hand-written pages with a field table of a schema; each top-level field must be in it. */
  static final Map<String, String> FIELD_TABLES =
      Map.of(
          "run-manifest", "docs/run-manifest.md",
          "artifact-index", "docs/artifact-index.md",
          "automation-policy", "docs/envelopes.md",
          "model-request-envelope", "docs/envelopes.md");

  static List<String> schemaNames() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("schemas"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".schema.json"))
          .map(n -> n.substring(0, n.length() - ".schema.json".length()))
          .sorted()
          .toList();
    }
  }

  static List<String> examples(String name) {
    return EXAMPLES.getOrDefault(name, List.of("schemas/examples/" + name + ".example.json"));
  }

  /** Hand-written pages: docs/*.md except generated ones. */
  static List<Path> guidePages() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      return files.filter(p -> p.toString().endsWith(".md") && !generated(p)).sorted().toList();
    }
  }

  private static boolean generated(Path page) {
    try {
      return Files.readString(page).startsWith("<!-- Generated");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Compares {@code file} with {@code expected}, or rewrites it in update mode. */
  static void current(Path file, String expected) throws IOException {
    if (UPDATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.isRegularFile(file), file + " is missing: run scripts/update-docs.sh");
    assertEquals(
        expected,
        Files.readString(file, StandardCharsets.UTF_8),
        ROOT.relativize(file) + " is stale: run scripts/update-docs.sh");
  }

  @Test
  void everySchemaHasACurrentReferencePageValidExamplesAndAGuide() throws Exception {
    List<String> names = schemaNames();
    assertTrue(names.size() >= 17, names.toString());
    Map<String, List<String>> unexplainedBySchema = new TreeMap<>();
    for (String name : names) {
      String file = name + ".schema.json";
      JsonNode schema = Json.parse(Files.readAllBytes(ROOT.resolve("schemas/" + file)), file);
      for (String example : examples(name)) {
        Path path = ROOT.resolve(example);
        assertTrue(Files.isRegularFile(path), file + ": example " + example + " is missing");
        JsonNode tree =
            example.endsWith(".toml")
                ? new TomlMapper().readTree(Files.readString(path))
                : Json.parse(Files.readAllBytes(path), example);
        assertEquals(
            List.of(), Schema.named(file).violations(tree), example + " does not match " + file);
      }
      List<String> guides = new ArrayList<>();
      for (Path page : guidePages()) {
        if (Files.readString(page).contains("schemas/" + file)) {
          guides.add(ROOT.relativize(page).toString());
        }
      }
      assertFalse(guides.isEmpty(), file + " is not explained by any page in docs/");
      if (FIELD_TABLES.containsKey(name)) {
        String table = Files.readString(ROOT.resolve(FIELD_TABLES.get(name)));
        List<String> unexplained = new ArrayList<>();
        schema
            .path("properties")
            .properties()
            .forEach(
                e -> {
                  if (!table.contains("`" + e.getKey() + "`")
                      && !table.contains("`" + e.getKey() + "[]`")) {
                    unexplained.add(e.getKey());
                  }
                });
        if (!unexplained.isEmpty()) {
          unexplainedBySchema.put(file + " in " + FIELD_TABLES.get(name), unexplained);
        }
      }
      current(
          ROOT.resolve("docs/schemas/" + name + ".md"),
          SchemaReference.page(file, schema, examples(name), guides));
    }
    try (Stream<Path> pages = Files.list(ROOT.resolve("docs/schemas"))) {
      for (Path page : pages.toList()) {
        String name = page.getFileName().toString().replaceFirst("\\.md$", "");
        assertTrue(
            name.equals("README") || names.contains(name),
            page + " documents a schema that no longer exists");
      }
    }
    StringBuilder index = new StringBuilder();
    index.append(
        "<!-- Generated by DocsTest; do not edit. After changing schemas/ run"
            + " scripts/update-docs.sh. -->\n\n");
    index.append("# Schema reference\n\n");
    index.append(
        "Every JSON Schema (2020-12) in `schemas/`, one generated page each. The pages are derived"
            + " from the schema files, and a test fails when a page is stale or an example no longer"
            + " validates.\n\n");
    index.append("| schema | what it describes |\n|---|---|\n");
    for (String name : names) {
      JsonNode schema =
          Json.parse(Files.readAllBytes(ROOT.resolve("schemas/" + name + ".schema.json")), name);
      index
          .append("| [")
          .append(name)
          .append("](")
          .append(name)
          .append(".md) | ")
          .append(schema.path("title").asText())
          .append(" |\n");
    }
    current(ROOT.resolve("docs/schemas/README.md"), index.toString());
    assertEquals(
        Map.of(),
        unexplainedBySchema,
        "top-level fields missing from the hand-written field tables");
  }

  @Test
  void theRuntimeTraceExampleIsWhatRuntimeTraceWrites() throws Exception {
    RuntimeTrace trace = new RuntimeTrace(true);
    trace.syscall(64, "write", new long[] {1, 0x4100f0, 12}, 3, 12);
    trace.syscall(94, "exit_group", new long[] {0}, 1, 0);
    trace.unknownSyscall(435);
    trace.dispatchMiss(0x400a40);
    trace.dispatchMiss(0x400a40);
    trace.fallback(0x400a40);
    trace.terminated(Termination.exited(0));
    JsonNode json = trace.toJson(Json.mapper());
    assertEquals(List.of(), Schema.named("runtime-trace-manifest.schema.json").violations(json));
    current(
        ROOT.resolve("schemas/examples/runtime-trace-manifest.example.json"),
        new String(Json.canonical(json), StandardCharsets.UTF_8));
  }

  @Test
  void everyAutomationKeyIsDocumented() throws Exception {
    JsonNode schema =
        Json.parse(Files.readAllBytes(ROOT.resolve("schemas/automation.schema.json")), "schema");
    Set<String> keys = new TreeSet<>();
    collect(schema, keys);
    String doc = Files.readString(ROOT.resolve("docs/automation.md"));
    Set<String> missing = new TreeSet<>();
    for (String key : keys) {
      if (!doc.contains("`" + key + "`") && !doc.contains("`[" + key + "]`")) {
        missing.add(key);
      }
    }
    assertTrue(keys.size() > 40, keys.toString());
    assertEquals(
        Set.of(), missing, "keys in automation.schema.json missing from docs/automation.md");
  }

  @Test
  void exampleConfigLoads() {
    AutomationConfig c = Recomp.loadConfig(ROOT.resolve("examples/hello/automation.toml"));
    assertEquals(AutomationConfig.Format.ELF, c.inputs().format());
    assertEquals("../../fixtures/golden/hello-musl-O2.stdout", c.validate().referenceStdout());
  }

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");

  @Test
  void everyInternalLinkResolves() throws Exception {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    Map<String, String> broken = new TreeMap<>();
    int links = 0;
    for (Path page : pages) {
      String text = withoutCode(Files.readString(page));
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        links++;
        String where = ROOT.relativize(page) + " -> " + target;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.put(where, "no such file");
        } else if (hash >= 0 && resolved.toString().endsWith(".md")) {
          String anchor = target.substring(hash + 1);
          if (!anchors(Files.readString(resolved)).contains(anchor)) {
            broken.put(where, "no heading with anchor #" + anchor);
          }
        }
      }
    }
    assertTrue(links > 100, "only " + links + " internal links found");
    assertEquals(Map.of(), broken, "broken links");
  }

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new TreeSet<>();
    Matcher m = HEADING.matcher(withoutFences(markdown));
    while (m.find()) {
      anchors.add(
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-'));
    }
    return anchors;
  }

  private static String withoutCode(String markdown) {
    return withoutFences(markdown).replaceAll("`[^`\n]*`", "``");
  }

  private static String withoutFences(String markdown) {
    return markdown.replaceAll("(?s)```.*?```", "");
  }

  private static void collect(JsonNode node, Set<String> keys) {
    if (node.isObject()) {
      JsonNode properties = node.get("properties");
      if (properties != null && properties.isObject()) {
        properties.properties().forEach(e -> keys.add(e.getKey()));
      }
      node.properties().forEach(e -> collect(e.getValue(), keys));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, keys));
    }
  }
}
