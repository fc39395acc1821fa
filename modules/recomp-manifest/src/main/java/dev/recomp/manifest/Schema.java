package dev.recomp.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of recomp's JSON Schemas (2020-12). The schema files live once, in the repository's {@code
 * schemas/} folder, and ship on the classpath under {@code dev/recomp/manifest/schemas/}; their
 * {@code $id}s ({@code https://recomp.dev/schemas/<file>}) resolve there, never over the network.
 */
public final class Schema {
  /** Where {@code $id}s point. */
  public static final String ID_PREFIX = "https://recomp.dev/schemas/";

  private static final String RESOURCE_PREFIX = "classpath:dev/recomp/manifest/schemas/";

  /** {@code run-manifest.schema.json}. */
  public static final Schema RUN_MANIFEST = named("run-manifest.schema.json");

  /** {@code artifact-index.schema.json}. */
  public static final Schema ARTIFACT_INDEX = named("artifact-index.schema.json");

  /** {@code automation-policy.schema.json}. */
  public static final Schema AUTOMATION_POLICY = named("automation-policy.schema.json");

  /** {@code model-request-envelope.schema.json}. */
  public static final Schema MODEL_REQUEST_ENVELOPE = named("model-request-envelope.schema.json");

  /** {@code automation.schema.json}: automation.toml, as parsed into a tree. */
  public static final Schema AUTOMATION = named("automation.schema.json");

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder -> builder.schemaMappers(m -> m.mapPrefix(ID_PREFIX, RESOURCE_PREFIX)));

  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private final String fileName;

  private Schema(String fileName) {
    this.fileName = fileName;
  }

  /**
   * The schema in {@code schemas/<fileName>}; other modules name their own schemas this way.
   * Loading is deferred to the first validation.
   */
  public static Schema named(String fileName) {
    return new Schema(fileName);
  }

  /** The schema's file name, e.g. {@code run-manifest.schema.json}. */
  public String fileName() {
    return fileName;
  }

  /** The schema's {@code $id}. */
  public String id() {
    return ID_PREFIX + fileName;
  }

  /**
   * Every way {@code document} breaks the schema, one line each ({@code $.steps[0].status: ...}),
   * sorted; empty when it is valid.
   */
  public List<String> violations(JsonNode document) {
    return compiled().validate(document).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .toList();
  }

  /**
   * A violation in structured form.
   *
   * @param location JSON pointer of the offending value ({@code ""} for the root)
   * @param property the offending key for a misplaced or missing property, else null
   * @param error the problem, without the location
   */
  public record Violation(String location, String property, String error) {}

  /** Every way {@code document} breaks the schema, structured, sorted by location. */
  public List<Violation> structuredViolations(JsonNode document) {
    return compiled().validate(document).stream()
        .map(m -> new Violation(m.getInstanceLocation().toString(), m.getProperty(), m.getError()))
        .sorted(Comparator.comparing(Violation::location).thenComparing(Violation::error))
        .toList();
  }

  /**
   * Throws a one-line {@link ManifestException} naming {@code source} and the first violation when
   * {@code document} breaks the schema.
   */
  public void check(JsonNode document, String source) {
    List<String> violations = violations(document);
    if (!violations.isEmpty()) {
      String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
      throw new ManifestException(
          source + ": does not match " + fileName + ": " + violations.getFirst() + more);
    }
  }

  private JsonSchema compiled() {
    return LOADED.computeIfAbsent(
        fileName, name -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + name), CONFIG));
  }

  @Override
  public String toString() {
    return fileName;
  }
}
