package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recomp.manifest.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The automation.toml reference and the example cannot drift from the schema and the loader. */
class DocsTest {
  static final Path ROOT = Path.of(System.getProperty("recomp.repo.root"));

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

  @Test
  void everySchemaHasADocPage() throws Exception {
    String docs =
        Files.readString(ROOT.resolve("docs/automation.md"))
            + Files.readString(ROOT.resolve("docs/run-manifest.md"))
            + Files.readString(ROOT.resolve("docs/artifact-index.md"))
            + Files.readString(ROOT.resolve("docs/envelopes.md"));
    try (var schemas = Files.list(ROOT.resolve("schemas"))) {
      for (Path schema : schemas.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
        assertTrue(
            docs.contains("schemas/" + schema.getFileName()),
            schema.getFileName() + " is undocumented");
      }
    }
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
