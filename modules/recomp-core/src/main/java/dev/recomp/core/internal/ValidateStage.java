package dev.recomp.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.InputRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import dev.recomp.manifest.ValidationReportRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in validate stage: a thin byte-for-byte comparison of the run's capture with a
 * reference, written to {@code validate/comparison.json} ({@code stream-comparison.schema.json}).
 * The reference comes from {@code reference_command} (run like the program, e.g. {@code
 * qemu-aarch64 -cpu cortex-a53 {binary}}) or from recorded files. The full comparison suite is
 * recomp-validation's; this stage is where the engine will call it.
 */
final class ValidateStage implements Stage {
  static final Schema SCHEMA = Schema.named("stream-comparison.schema.json");
  private static final int MAX_LINE = 200;

  @Override
  public StageName name() {
    return StageName.VALIDATE;
  }

  @Override
  public Declaration declare(StageContext context) {
    AutomationConfig.Validate v = context.config().validate();
    List<Read> reads = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    String reference;
    if (v.referenceCommand() != null) {
      reference =
          "command="
              + String.join("\u0000", v.referenceCommand())
              + "\n"
              + Capture.signature(context);
      tools.add(context.expand(v.referenceCommand().getFirst()));
      tools.addAll(v.asCommandStage().tools());
      reads.addAll(Capture.reads(context));
      if (String.join("", v.referenceCommand()).contains("{binary}")) {
        reads.add(new Read(context.binary(), InputRecord.Role.BINARY));
      }
    } else {
      reference = "recorded";
      for (String file : recorded(v).values()) {
        reads.add(new Read(context.resolveConfigPath(file), InputRecord.Role.REFERENCE));
      }
    }
    return new Declaration(
        "validate.v1\ncompare=" + v.compare() + "\nreference=" + reference,
        v.referenceCommand(),
        tools,
        reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    AutomationConfig.Validate v = context.config().validate();
    List<String> outputs = new ArrayList<>();
    Map<AutomationConfig.Stream, Path> expected = new LinkedHashMap<>();
    if (v.referenceCommand() != null) {
      Path refDir = context.stageDir().resolve("reference");
      List<String> argv = v.referenceCommand().stream().map(context::expand).toList();
      for (String file :
          Capture.run(
              context, argv, context.workRoot().resolve(".recomp/sandbox/reference"), refDir)) {
        outputs.add("reference/" + file);
      }
      for (AutomationConfig.Stream stream : v.compare()) {
        expected.put(stream, refDir.resolve(fileOf(stream)));
      }
    } else {
      recorded(v).forEach((stream, file) -> expected.put(stream, context.resolveConfigPath(file)));
    }
    Path runDir = context.stageDir(StageName.RUN);
    List<Map<String, Object>> checks = new ArrayList<>();
    boolean passed = true;
    for (AutomationConfig.Stream stream : v.compare()) {
      Path actualFile = runDir.resolve(fileOf(stream));
      if (!context.outputsOf(StageName.RUN).contains(actualFile)) {
        throw new StageException("validate: the run stage captured no " + fileOf(stream));
      }
      Map<String, Object> check = compare(stream, read(expected.get(stream)), read(actualFile));
      passed &= (Boolean) check.get("passed");
      checks.add(check);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("schema_version", 1);
    report.put("verdict", passed ? "passed" : "failed");
    report.put("reference", v.referenceCommand() != null ? "command" : "recorded");
    report.put("checks", checks);
    Json.write(context.stageDir().resolve("comparison.json"), Json.tree(report), SCHEMA);
    outputs.add("comparison.json");
    context.note(
        "validation "
            + (passed ? "passed" : "failed")
            + " ("
            + v.compare().size()
            + " streams compared)");
    return outputs;
  }

  /** The verdict recorded in a comparison report. */
  static ValidationReportRef.Verdict verdictOf(Path report) {
    JsonNode node = Json.parse(read(report), report.toString());
    return "passed".equals(node.path("verdict").asText())
        ? ValidationReportRef.Verdict.PASSED
        : ValidationReportRef.Verdict.FAILED;
  }

  private static Map<String, Object> compare(
      AutomationConfig.Stream stream, byte[] expected, byte[] actual) {
    boolean equal =
        stream == AutomationConfig.Stream.EXIT_STATUS
            ? new String(expected, StandardCharsets.US_ASCII)
                .strip()
                .equals(new String(actual, StandardCharsets.US_ASCII).strip())
            : Arrays.equals(expected, actual);
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("stream", fileOf(stream));
    check.put("passed", equal);
    check.put("expected_sha256", Sha256.of(expected));
    check.put("actual_sha256", Sha256.of(actual));
    check.put("expected_size", expected.length);
    check.put("actual_size", actual.length);
    check.put("first_difference", equal ? null : firstDifference(expected, actual));
    return check;
  }

  private static Map<String, Object> firstDifference(byte[] expected, byte[] actual) {
    int offset = Arrays.mismatch(expected, actual);
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (expected[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("offset", offset);
    d.put("line", line);
    d.put("expected", lineAt(expected, lineStart));
    d.put("actual", lineAt(actual, lineStart));
    return d;
  }

  private static String lineAt(byte[] bytes, int start) {
    if (start >= bytes.length) {
      return "";
    }
    int end = start;
    while (end < bytes.length && bytes[end] != '\n' && end - start < MAX_LINE) {
      end++;
    }
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  private static Map<AutomationConfig.Stream, String> recorded(AutomationConfig.Validate v) {
    Map<AutomationConfig.Stream, String> files = new LinkedHashMap<>();
    for (AutomationConfig.Stream stream : v.compare()) {
      String file =
          switch (stream) {
            case STDOUT -> v.referenceStdout();
            case STDERR -> v.referenceStderr();
            case EXIT_STATUS -> v.referenceExitStatus();
          };
      files.put(stream, file);
    }
    return files;
  }

  private static String fileOf(AutomationConfig.Stream stream) {
    return stream.name().toLowerCase(Locale.ROOT);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StageException(file + ": cannot read: " + e.getMessage());
    }
  }
}
