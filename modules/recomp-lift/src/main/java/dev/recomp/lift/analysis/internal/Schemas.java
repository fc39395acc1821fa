package dev.recomp.lift.analysis.internal;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The analysis JSON Schemas, shipped on the classpath from the repository's schemas/ folder. */
public final class Schemas {
  private static final String ROOT = "/dev/recomp/lift/analysis/schemas/";

  private Schemas() {}

  /** schemas/title-config.schema.json. */
  public static JsonSchema titleConfig() {
    return TitleConfigSchema.SCHEMA;
  }

  /** schemas/functions.schema.json. */
  public static JsonSchema functions() {
    return FunctionsSchema.SCHEMA;
  }

  /** schemas/name-map.schema.json. */
  public static JsonSchema nameMap() {
    return NameMapSchema.SCHEMA;
  }

  private static JsonSchema load(String file) {
    try (InputStream in = Schemas.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("schema missing from the classpath: " + ROOT + file);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // One holder per schema: each is loaded once, on first use.
  private static final class TitleConfigSchema {
    static final JsonSchema SCHEMA = load("title-config.schema.json");
  }

  private static final class FunctionsSchema {
    static final JsonSchema SCHEMA = load("functions.schema.json");
  }

  private static final class NameMapSchema {
    static final JsonSchema SCHEMA = load("name-map.schema.json");
  }
}
