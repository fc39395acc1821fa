package dev.recomp.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hermetic automation project in a temporary directory: the committed {@code tiny} fixture as
 * input, external-command lift and build stages made of sh and printf, and recorded reference
 * files. Sections of the automation.toml can be replaced one by one.
 */
final class Project {
  static final String LIFT =
      """
      [lift]
      command = ["sh", "-c", "cat {intake_dir}/inputs.json > {stage_dir}/module.json"]
      outputs = ["module.json"]
      """;
  static final String BUILD =
      """
      [build]
      command = ["sh", "-c", "printf '#!/bin/sh\\\\nprintf \\"hello %%s\\\\\\\\n\\" \\"$1\\"\\\\n' > {stage_dir}/app && chmod +x {stage_dir}/app"]
      outputs = ["app"]
      """;
  static final String RUN =
      """
      [run]
      args = ["world"]
      """;
  static final String VALIDATE =
      """
      [validate]
      reference_stdout = "expected.stdout"
      reference_exit_status = "expected.exit"
      compare = ["stdout", "exit_status"]
      """;

  final Path dir;
  final Map<String, String> sections = new LinkedHashMap<>();

  Project(Path dir) {
    this.dir = dir;
    copyFixture("fixtures/bin/tiny", "prog.elf");
    write("expected.stdout", "hello world\n");
    write("expected.exit", "0\n");
    sections.put(
        "head",
        """
        schema_version = 1
        track = "homebrew"

        [inputs]
        binary = "prog.elf"
        format = "elf"

        [work]
        root = "work"

        [analysis]
        enabled = false
        """);
    sections.put("lift", LIFT);
    sections.put("build", BUILD);
    sections.put("run", RUN);
    sections.put("validate", VALIDATE);
    sections.put("policy", "[policy]\nmax_runtime_minutes = 5\n");
  }

  Project with(String section, String text) {
    sections.put(section, text);
    return this;
  }

  Path config() {
    Path file = dir.resolve("automation.toml");
    write("automation.toml", String.join("\n", sections.values()));
    return file;
  }

  Path work() {
    return dir.resolve("work");
  }

  /** A committed fixture, as an input of this project. */
  void copyFixture(String repoPath, String name) {
    try {
      Files.createDirectories(dir);
      Files.copy(
          Path.of(System.getProperty("recomp.repo.root"), repoPath),
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(String name, String text) {
    try {
      Files.createDirectories(dir.resolve(name).getParent());
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RunManifest automate() {
    return Recomp.automate(config());
  }

  RunManifest automate(AutomateOptions options) {
    return Recomp.automate(config(), options, ProgressListener.none());
  }

  static StepRecord step(RunManifest m, StageName stage) {
    return m.steps().stream().filter(s -> s.name().equals(stage.wire())).findFirst().orElseThrow();
  }

  /** The manifest with its volatile fields blanked, as canonical bytes. */
  static String stable(RunManifest m) {
    JsonNode node = Json.tree(m);
    ObjectNode o = (ObjectNode) node;
    o.put("run_id", "-");
    o.put("started_at", "-");
    o.put("host_fingerprint", "-");
    node.get("steps").forEach(s -> ((ObjectNode) s).put("duration_ms", 0));
    return new String(Json.canonical(node), StandardCharsets.UTF_8);
  }
}
