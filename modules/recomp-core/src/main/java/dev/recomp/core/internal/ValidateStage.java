package dev.recomp.core.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.InputRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ValidationReportRef;
import dev.recomp.validation.Capture;
import dev.recomp.validation.Gates;
import dev.recomp.validation.Reports;
import dev.recomp.validation.ValidationException;
import dev.recomp.validation.ValidationReport;
import dev.recomp.validation.Validator;
import dev.recomp.validation.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in validate stage: recomp-validation's checks on the run's capture against a reference,
 * written as {@code validate/validation-report.json} and {@code .html}. The reference comes from
 * {@code reference_command} (run like the program, e.g. {@code qemu-aarch64 -cpu cortex-a53
 * {binary}}) or from recorded files; either way its streams are stored in {@code
 * validate/reference/} so that {@code recomp-validation artifacts} can recompute the report from
 * the run folder alone.
 */
final class ValidateStage implements Stage {
  /** The report file, relative to the work root; the engine records its verdict. */
  static final String REPORT = "validate/" + ValidationReport.FILE_NAME;

  /** The check that judges each stream; a stream left out of {@code compare} disables it. */
  private static final Map<AutomationConfig.Stream, String> CHECKS =
      Map.of(
          AutomationConfig.Stream.STDOUT, "stdout-bytes",
          AutomationConfig.Stream.STDERR, "stderr-bytes",
          AutomationConfig.Stream.EXIT_STATUS, "exit-status");

  private static final Map<Verdict, ValidationReportRef.Verdict> VERDICTS =
      Map.of(
          Verdict.PASS, ValidationReportRef.Verdict.PASSED,
          Verdict.FAIL, ValidationReportRef.Verdict.FAILED,
          Verdict.NEEDS_REVIEW, ValidationReportRef.Verdict.NEEDS_REVIEW);

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
              + RunCapture.signature(context);
      tools.add(context.expand(v.referenceCommand().getFirst()));
      tools.addAll(v.asCommandStage().tools());
      reads.addAll(RunCapture.reads(context));
      if (String.join("", v.referenceCommand()).contains("{binary}")) {
        reads.add(new Read(context.binary(), InputRecord.Role.BINARY));
      }
    } else {
      reference = "recorded";
      for (String file : recorded(v)) {
        if (file != null) {
          reads.add(new Read(context.resolveConfigPath(file), InputRecord.Role.REFERENCE));
        }
      }
    }
    return new Declaration(
        "validate.v2\ncompare="
            + v.compare()
            + "\ngates="
            + gates(v).toJson()
            + "\nreference="
            + reference,
        v.referenceCommand(),
        tools,
        reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    AutomationConfig.Validate v = context.config().validate();
    Path refDir = context.stageDir().resolve("reference");
    List<String> outputs = new ArrayList<>();
    if (v.referenceCommand() != null) {
      List<String> argv = v.referenceCommand().stream().map(context::expand).toList();
      RunCapture.run(
          context, argv, context.workRoot().resolve(".recomp/sandbox/reference"), refDir);
    } else {
      storeRecorded(context, v, refDir);
    }
    RunCapture.FILES.forEach(file -> outputs.add("reference/" + file));
    Path runDir = context.stageDir(StageName.RUN);
    for (String file : RunCapture.FILES) {
      if (!context.outputsOf(StageName.RUN).contains(runDir.resolve(file))) {
        throw new StageException("validate: the run stage captured no " + file);
      }
    }
    try {
      Capture actual = streams(runDir);
      Capture reference = streams(refDir);
      Gates gates = gates(v);
      ValidationReport report = Validator.validate(actual, reference, gates);
      Reports.write(context.stageDir(), report, actual, reference, List.of());
      context.note(
          "validation "
              + report.verdict().id()
              + " ("
              + report.count("failed")
              + " checks failed)");
    } catch (ValidationException e) {
      throw new StageException("validate: " + e.getMessage());
    }
    outputs.add(ValidationReport.FILE_NAME);
    outputs.add(Reports.HTML_FILE_NAME);
    return outputs;
  }

  /** The verdict recorded in a validation report written by this stage. */
  static ValidationReportRef.Verdict verdictOf(Path report) {
    String id = Json.parse(read(report), report.toString()).path("verdict").asText();
    Verdict verdict = Verdict.byId(id);
    if (verdict == null) {
      throw new StageException(report + ": unknown verdict \"" + id + "\"");
    }
    return VERDICTS.get(verdict);
  }

  /**
   * {@code [validate.gates]} over the defaults, with the checks of streams left out of {@code
   * compare} added to {@code disabled_checks}, so the recorded gates alone let {@code
   * recomp-validation artifacts} reproduce the report.
   *
   * @throws ValidationException naming {@code validate.gates} and the key when a gate is bad
   */
  static Gates gates(AutomationConfig.Validate v) {
    String where = "validate.gates";
    Set<String> disabled = new TreeSet<>(Gates.fromJson(v.gates(), where).disabledChecks());
    CHECKS.forEach(
        (stream, check) -> {
          if (!v.compare().contains(stream)) {
            disabled.add(check);
          }
        });
    for (String id : disabled) {
      if (Validator.checks().stream().noneMatch(c -> c.id().equals(id))) {
        throw new ValidationException(where + ": disabled_checks: unknown check \"" + id + "\"");
      }
    }
    ObjectNode table = v.gates().deepCopy();
    table.set("disabled_checks", Json.tree(List.copyOf(disabled)));
    return Gates.fromJson(table, where);
  }

  /**
   * Copies the recorded reference streams into {@code refDir}. A stream that is not compared and
   * not given is stored empty (exit status 0); its check is disabled.
   */
  private static void storeRecorded(
      StageContext context, AutomationConfig.Validate v, Path refDir) {
    List<String> files = recorded(v);
    List<byte[]> absent =
        List.of(new byte[0], new byte[0], "0\n".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < RunCapture.FILES.size(); i++) {
      String file = files.get(i);
      byte[] bytes = file == null ? absent.get(i) : read(context.resolveConfigPath(file));
      AtomicFiles.write(refDir.resolve(RunCapture.FILES.get(i)), bytes);
    }
  }

  /** The recorded files in {@link RunCapture#FILES} order; null where not configured. */
  private static List<String> recorded(AutomationConfig.Validate v) {
    return Arrays.asList(v.referenceStdout(), v.referenceStderr(), v.referenceExitStatus());
  }

  /** The capture stored as loose {@code stdout}, {@code stderr}, {@code exit_status} files. */
  private static Capture streams(Path dir) {
    Path exitFile = dir.resolve("exit_status");
    String exit = new String(read(exitFile), StandardCharsets.US_ASCII).strip();
    if (!exit.matches("-?[0-9]{1,10}")) {
      throw new StageException(exitFile + ": not an exit status: \"" + exit + "\"");
    }
    return Capture.ofStreams(
        read(dir.resolve("stdout")), read(dir.resolve("stderr")), Integer.parseInt(exit));
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StageException(file + ": cannot read: " + e.getMessage());
    }
  }
}
