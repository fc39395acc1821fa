package dev.recomp.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.recomp.core.AutomationConfig;
import dev.recomp.core.AutomationException;
import dev.recomp.core.RedactionProfile;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.Schema;
import dev.recomp.validation.ValidationException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads automation.toml: TOML syntax, then {@code automation.schema.json} (unknown keys, types,
 * ranges), then the rules a schema cannot say (files exist, placeholders are known). Every error is
 * one line naming the file, the line and the key.
 */
public final class ConfigLoader {
  private static final TomlMapper TOML = new TomlMapper();

  private ConfigLoader() {}

  /** A parsed config and where it came from. */
  public record Loaded(Path file, Path configDir, AutomationConfig config) {
    /** Resolves a config-relative path. */
    public Path resolve(String path) {
      return configDir.resolve(path).normalize();
    }
  }

  /** Reads and checks {@code file}. */
  public static Loaded load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(absolute)))
              .toString();
    } catch (NoSuchFileException e) {
      throw new AutomationException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new AutomationException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new AutomationException(file + ": cannot read: " + e.getMessage());
    }
    JsonNode tree;
    try {
      tree = TOML.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr();
      throw new AutomationException(
          file
              + where
              + ": TOML syntax error: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (tree == null || !tree.isObject()) {
      throw new AutomationException(file + ": empty; expected schema_version = 1 and [inputs]");
    }
    TomlLines lines = new TomlLines(text);
    List<Schema.Violation> violations = Schema.AUTOMATION.structuredViolations(tree);
    if (!violations.isEmpty()) {
      Schema.Violation first = violations.getFirst();
      List<String> path = new ArrayList<>(pointer(first.location()));
      boolean unknown = first.error().contains("is not defined in the schema");
      if (first.property() != null && (unknown || first.error().contains("required property"))) {
        path.add(first.property());
      }
      String key = path.isEmpty() ? "(top level)" : String.join(".", path);
      String problem = unknown ? "unknown key" : first.error();
      throw error(file, lines.lineOf(path), key, problem);
    }
    AutomationConfig config;
    try {
      config = Json.bind(tree, AutomationConfig.class, file.toString());
    } catch (ManifestException e) {
      throw new AutomationException(e.getMessage().lines().findFirst().orElse(""), e);
    }
    Loaded loaded = new Loaded(absolute, absolute.getParent(), config);
    checkRules(loaded, lines);
    return loaded;
  }

  private static void checkRules(Loaded loaded, TomlLines lines) {
    Path file = loaded.file();
    AutomationConfig c = loaded.config();
    requireFile(loaded, lines, "inputs.binary", c.inputs().binary());
    requireFile(loaded, lines, "inputs.provenance", c.inputs().provenance());
    requireFile(loaded, lines, "inputs.title_config", c.inputs().titleConfig());
    requireFile(loaded, lines, "analysis.name_map", c.analysis().nameMap());
    requireFile(
        loaded, lines, "analysis.runtime_trace_manifest", c.analysis().runtimeTraceManifest());
    requireFile(loaded, lines, "run.stdin", c.run().stdin());
    if (c.run().sandboxRoot() != null
        && !Files.isDirectory(loaded.resolve(c.run().sandboxRoot()))) {
      throw error(
          file,
          lines.lineOf(List.of("run", "sandbox_root")),
          "run.sandbox_root",
          "no such directory " + c.run().sandboxRoot());
    }
    for (String stage :
        List.of("intake", "lift", "build", "analysis", "run", "validate", "archive")) {
      for (String read : readsOf(c, stage)) {
        requireFile(loaded, lines, stage + ".reads", read);
      }
    }
    if (c.track() == AutomationConfig.Track.RETAIL_PILOT && c.inputs().provenance() == null) {
      throw error(
          file,
          lines.lineOf(List.of("track")),
          "inputs.provenance",
          "required on the retail-pilot track");
    }
    checkRedactionProfile(file, lines, c);
    AutomationConfig.Validate v = c.validate();
    try {
      ValidateStage.gates(v);
    } catch (ValidationException e) {
      throw new AutomationException(
          file + ":" + lines.lineOf(List.of("validate", "gates")) + ": " + e.getMessage());
    }
    if (v.enabled() && v.command() == null) {
      boolean recorded =
          v.referenceStdout() != null
              || v.referenceStderr() != null
              || v.referenceExitStatus() != null;
      if (v.referenceCommand() == null && !recorded) {
        throw error(
            file,
            lines.lineOf(List.of("validate")),
            "validate",
            "needs reference_command, or recorded reference_stdout/reference_stderr/reference_exit_status, or enabled = false");
      }
      if (v.referenceCommand() != null && recorded) {
        throw error(
            file,
            lines.lineOf(List.of("validate", "reference_command")),
            "validate.reference_command",
            "give either reference_command or recorded reference files, not both");
      }
      if (recorded) {
        for (AutomationConfig.Stream stream : v.compare()) {
          String key =
              switch (stream) {
                case STDOUT -> "reference_stdout";
                case STDERR -> "reference_stderr";
                case EXIT_STATUS -> "reference_exit_status";
              };
          String value =
              switch (stream) {
                case STDOUT -> v.referenceStdout();
                case STDERR -> v.referenceStderr();
                case EXIT_STATUS -> v.referenceExitStatus();
              };
          if (value == null) {
            throw error(
                file,
                lines.lineOf(List.of("validate")),
                "validate." + key,
                "required to compare " + stream.name().toLowerCase(Locale.ROOT));
          }
          requireFile(loaded, lines, "validate." + key, value);
        }
      }
    }
    Set<String> allowed = Placeholders.allowed();
    checkTemplates(file, lines, "intake.command", c.intake().command(), allowed);
    checkTemplates(file, lines, "analysis.command", c.analysis().command(), allowed);
    checkTemplates(file, lines, "lift.command", c.lift().command(), allowed);
    checkTemplates(file, lines, "build.command", c.build().command(), allowed);
    checkTemplates(file, lines, "run.command", c.run().command(), allowed);
    checkTemplates(file, lines, "validate.command", c.validate().command(), allowed);
    checkTemplates(file, lines, "archive.command", c.archive().command(), allowed);
    checkTemplates(
        file, lines, "validate.reference_command", c.validate().referenceCommand(), allowed);
  }

  /** The profile must exist and allow the run's track (retail titles never get a lenient one). */
  private static void checkRedactionProfile(Path file, TomlLines lines, AutomationConfig c) {
    String named = c.policy().redactionProfile();
    List<String> at = List.of("policy", "redaction_profile");
    RedactionProfile profile;
    try {
      profile = RedactionProfile.of(c);
    } catch (AutomationException e) {
      throw error(file, lines.lineOf(at), "policy.redaction_profile", e.getMessage());
    }
    if (!profile.tracks().contains(c.track())) {
      throw error(
          file,
          lines.lineOf(named == null ? List.of("track") : at),
          "policy.redaction_profile",
          "\""
              + profile.name()
              + "\" is not allowed on the "
              + Json.tree(c.track()).asText()
              + " track (allowed on: "
              + String.join(
                  ", ", profile.tracks().stream().map(t -> Json.tree(t).asText()).toList())
              + ")");
    }
  }

  private static List<String> readsOf(AutomationConfig c, String stage) {
    return switch (stage) {
      case "intake" -> c.intake().reads();
      case "lift" -> c.lift().reads();
      case "build" -> c.build().reads();
      case "analysis" -> c.analysis().asCommandStage().reads();
      case "run" -> c.run().reads();
      case "validate" -> c.validate().asCommandStage().reads();
      case "archive" -> c.archive().asCommandStage().reads();
      default -> List.of();
    };
  }

  private static void checkTemplates(
      Path file, TomlLines lines, String key, List<String> argv, Set<String> allowed) {
    if (argv == null) {
      return;
    }
    for (String element : argv) {
      for (String name : Placeholders.used(element)) {
        if (!allowed.contains(name)) {
          throw error(
              file,
              lines.lineOf(Arrays.asList(key.split("\\."))),
              key,
              "unknown placeholder {"
                  + name
                  + "} (known: "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ")");
        }
      }
    }
  }

  private static void requireFile(Loaded loaded, TomlLines lines, String key, String path) {
    if (path != null && !Files.isRegularFile(loaded.resolve(path))) {
      throw error(
          loaded.file(),
          lines.lineOf(Arrays.asList(key.split("\\."))),
          key,
          "no such file " + path);
    }
  }

  private static AutomationException error(Path file, int line, String key, String problem) {
    return new AutomationException(
        file + (line > 0 ? ":" + line : "") + ": " + key + ": " + problem);
  }

  private static List<String> pointer(String location) {
    if (location == null || location.isEmpty() || location.equals("/") || location.equals("$")) {
      return List.of();
    }
    String trimmed = location.startsWith("/") ? location.substring(1) : location;
    return Arrays.stream(trimmed.split("/"))
        .map(s -> s.replace("~1", "/").replace("~0", "~"))
        .toList();
  }
}
