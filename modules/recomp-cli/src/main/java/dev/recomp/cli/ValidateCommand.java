package dev.recomp.cli;

import dev.recomp.validation.Capture;
import dev.recomp.validation.Gates;
import dev.recomp.validation.Reports;
import dev.recomp.validation.StageTiming;
import dev.recomp.validation.ValidationReport;
import dev.recomp.validation.Validator;
import dev.recomp.validation.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp-validation validate}: compares a capture directory with a reference one. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Compares a capture with a reference capture and writes validation-report.json and"
          + " validation-report.html.",
      "Exit 0 when the verdict is pass; 1 when it is fail or needs_review, or on bad captures."
    })
public final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CAPTURE", description = "the capture directory to judge")
  Path capture;

  @Parameters(
      index = "1",
      paramLabel = "REFERENCE",
      description = "the reference capture directory")
  Path reference;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      description = "where the reports go (default: the current directory)")
  Path outDir = Path.of(".");

  @Option(
      names = "--gates",
      paramLabel = "FILE",
      description = "a JSON object of gate overrides (default: the documented gates)")
  Path gates;

  @Option(
      names = "--run-manifest",
      paramLabel = "FILE",
      description = "a run-manifest.json whose steps become the report's stage timeline")
  Path runManifest;

  @Override
  public Integer call() {
    Capture actual = Capture.read(capture);
    Capture ref = Capture.read(reference);
    ValidationReport report =
        Validator.validate(actual, ref, gates == null ? Gates.defaults() : Gates.read(gates));
    List<StageTiming> timeline =
        runManifest == null ? List.of() : StageTiming.fromRunManifest(runManifest);
    Reports.Written written = Reports.write(outDir, report, actual, ref, timeline);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "verdict "
            + report.verdict().id()
            + ": "
            + report.count("pass")
            + " passed, "
            + report.count("fail")
            + " failed, "
            + report.count("skipped")
            + " skipped");
    report.checks().stream()
        .filter(c -> c.triage() != null)
        .forEach(
            c ->
                out.println(
                    "  fail "
                        + c.id()
                        + " ["
                        + c.triage().category().id()
                        + "] at "
                        + c.triage().evidence().where()));
    out.println("wrote " + written.json() + " and " + written.html());
    out.flush();
    return report.verdict() == Verdict.PASS ? 0 : Cli.FAILURE;
  }
}
