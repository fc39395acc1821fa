package dev.recomp.cli;

import dev.recomp.core.AutomateOptions;
import dev.recomp.core.AutomationException;
import dev.recomp.core.PlannedStage;
import dev.recomp.core.ProgressListener;
import dev.recomp.core.Recomp;
import dev.recomp.core.StageName;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.PolicyRecord;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code recomp automate}: runs the staged, cached pipeline of an automation.toml. */
@Command(
    name = "automate",
    mixinStandardHelpOptions = true,
    versionProvider = RecompVersion.class,
    description = {
      "Runs intake, analysis, lift, build, run/capture, validate and archive as configured in an"
          + " automation.toml, re-running only what changed, and writes run-manifest.json.",
      "Progress goes to stderr; a summary to stdout."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:the run passed (or stopped at --until as asked)",
      "1:a stage or validation failed, a stage is not available, or the config is bad",
      "2:bad usage"
    })
public final class AutomateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "automation.toml")
  Path config;

  @Option(
      names = "--force",
      split = ",",
      paramLabel = "STAGE",
      converter = StageConverter.class,
      description = "Execute STAGE even if cached (repeatable or comma-separated).")
  List<StageName> force = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "STAGE",
      converter = StageConverter.class,
      description = "Execute STAGE and every later stage even if cached.")
  StageName from;

  @Option(
      names = "--until",
      paramLabel = "STAGE",
      converter = StageConverter.class,
      description = "Stop after STAGE.")
  StageName until;

  @Option(names = "--dry-run", description = "Show what would run, and why; change nothing.")
  boolean dryRun;

  @Option(
      names = "--approve",
      split = ",",
      paramLabel = "STAGE",
      converter = StageConverter.class,
      description =
          "Approve the gated STAGE for this run (repeatable or comma-separated); recorded in the"
              + " policy record.")
  List<StageName> approve = new ArrayList<>();

  @Option(
      names = "--approvals",
      paramLabel = "FILE",
      description =
          "An approvals file (schemas/approvals.schema.json); its entries for this binary approve"
              + " gated stages.")
  Path approvals;

  /** Parses stage names for picocli; a bad one is a usage error listing the valid ones. */
  static final class StageConverter implements ITypeConverter<StageName> {
    @Override
    public StageName convert(String value) {
      try {
        return StageName.parse(value);
      } catch (AutomationException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AutomateOptions options =
        new AutomateOptions(
                force.isEmpty() ? EnumSet.noneOf(StageName.class) : EnumSet.copyOf(force),
                from,
                until)
            .withApprovals(
                approve.isEmpty() ? EnumSet.noneOf(StageName.class) : EnumSet.copyOf(approve),
                approvals);
    if (dryRun) {
      for (PlannedStage stage : Recomp.plan(config, options)) {
        out.printf(
            "%-9s %-18s %s%n",
            stage.stage(), stage.action().name().toLowerCase(Locale.ROOT), stage.reason());
      }
      out.flush();
      return 0;
    }
    long start = System.nanoTime();
    RunManifest manifest = Recomp.automate(config, options, new Progress(err));
    summarize(out, manifest, (System.nanoTime() - start) / 1_000_000);
    boolean stoppedAsAsked =
        manifest.outcome() == RunManifest.Outcome.INCOMPLETE
            && until != null
            && manifest.steps().stream()
                .noneMatch(s -> s.notes().stream().anyMatch(n -> n.startsWith("not run:")));
    if (manifest.outcome() == RunManifest.Outcome.PASSED || stoppedAsAsked) {
      return 0;
    }
    err.println(
        "recomp automate: run "
            + manifest.outcome().name().toLowerCase(Locale.ROOT)
            + ": "
            + firstProblem(manifest));
    err.flush();
    return Cli.FAILURE;
  }

  private static String firstProblem(RunManifest manifest) {
    for (StepRecord step : manifest.steps()) {
      if (step.status() == StepRecord.Status.FAILED
          || step.status() == StepRecord.Status.REFUSED
          || step.status() == StepRecord.Status.UNAVAILABLE && !step.name().equals("analysis")) {
        return step.name()
            + " "
            + step.status().name().toLowerCase(Locale.ROOT)
            + ": "
            + (step.notes().isEmpty() ? "" : step.notes().getLast());
      }
    }
    return manifest.validationReport() == null
        ? "see run-manifest.json"
        : "validation failed, see " + manifest.validationReport().path();
  }

  private static void summarize(PrintWriter out, RunManifest m, long elapsedMs) {
    long hits = m.steps().stream().filter(StepRecord::cacheHit).count();
    long executed =
        m.steps().stream()
            .filter(s -> !s.cacheHit() && s.status() == StepRecord.Status.SUCCEEDED)
            .count();
    long failed = m.steps().stream().filter(s -> s.status() == StepRecord.Status.FAILED).count();
    out.printf(
        "run        %s  %s  (%d ms)%n",
        m.runId(), m.outcome().name().toLowerCase(Locale.ROOT), elapsedMs);
    out.printf(
        "stages     %d cached, %d executed, %d failed, %d not run%n",
        hits, executed, failed, m.steps().size() - hits - executed - failed);
    for (StepRecord s : m.steps()) {
      out.printf(
          "  %-9s %-11s %s%n", s.name(), label(s), s.notes().isEmpty() ? "" : s.notes().getLast());
    }
    out.printf(
        "inputs     %s (fingerprint %s)%n",
        m.inputs().isEmpty() ? "-" : m.inputs().getFirst().path(),
        m.inputFingerprint().substring(0, 16));
    out.printf(
        "validation %s%n",
        m.validationReport() == null
            ? "none"
            : m.validationReport().verdict().name().toLowerCase(Locale.ROOT)
                + " ("
                + m.validationReport().path()
                + ")");
    m.artifacts().stream()
        .filter(a -> a.role().equals("archive"))
        .map(ArtifactRecord::path)
        .findFirst()
        .ifPresent(a -> out.printf("archive    %s%n", a));
    out.printf(
        "manifest   %s, policy %s (%s, redaction %s v%d, approved: %s)%n",
        RunManifest.FILE_NAME,
        m.policy().policyId(),
        m.executionMode().name().toLowerCase(Locale.ROOT),
        m.policy().redactionProfile(),
        m.policy().redactionProfileVersion(),
        m.policy().approvals().isEmpty()
            ? "none"
            : String.join(
                ",", m.policy().approvals().stream().map(PolicyRecord.Approval::stage).toList()));
    out.flush();
  }

  private static String label(StepRecord s) {
    return s.cacheHit()
        ? "cached"
        : s.status() == StepRecord.Status.SUCCEEDED
            ? "executed"
            : s.status().name().toLowerCase(Locale.ROOT);
  }

  /** Progress lines on stderr: stage, cache hit or miss, elapsed time. */
  private record Progress(PrintWriter err) implements ProgressListener {
    @Override
    public void stageExecuting(StageName stage, String reason) {
      err.printf("%-9s executing: %s%n", stage, reason);
      err.flush();
    }

    @Override
    public void stageFinished(StepRecord step) {
      String what =
          step.cacheHit()
              ? "cache hit"
              : step.status() == StepRecord.Status.SUCCEEDED
                  ? "cache miss, executed"
                  : step.status().name().toLowerCase(Locale.ROOT);
      err.printf("%-9s %-22s %6d ms%n", step.name(), what, step.durationMs());
      err.flush();
    }
  }
}
