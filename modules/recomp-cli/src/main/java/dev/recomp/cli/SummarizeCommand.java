package dev.recomp.cli;

import dev.recomp.validation.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp-validation summarize}: one table over many runs' validation reports. */
@Command(
    name = "summarize",
    mixinStandardHelpOptions = true,
    description = {
      "Tabulates every validation-report.json under a directory of runs: verdict counts and"
          + " per-category triage. Writes validation-summary.json and validation-summary.html.",
      "Exit 0 when every report was readable; 1 when none was found or some were unreadable."
    })
public final class SummarizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR-OF-RUNS", description = "the directory holding the runs")
  Path runs;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      description = "where the summary goes (default: DIR-OF-RUNS)")
  Path outDir;

  @Override
  public Integer call() {
    RunSummary summary = RunSummary.scan(runs);
    Path out = outDir == null ? runs : outDir;
    summary.write(out);
    PrintWriter o = spec.commandLine().getOut();
    o.println(summary.rows().size() + " runs");
    summary.verdictCounts().forEach((v, n) -> o.println("  " + v + " " + n));
    summary
        .triageCounts()
        .forEach(
            (c, n) -> {
              if (n[0] > 0) {
                o.println("  triage " + c + ": " + n[0] + " runs, " + n[1] + " checks");
              }
            });
    o.println("wrote " + out.resolve(RunSummary.JSON_FILE_NAME));
    o.flush();
    int unreadable = summary.verdictCounts().get("unreadable");
    return summary.rows().isEmpty() || unreadable > 0 ? Cli.FAILURE : 0;
  }
}
