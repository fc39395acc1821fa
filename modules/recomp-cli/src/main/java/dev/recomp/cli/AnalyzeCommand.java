package dev.recomp.cli;

import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.AnalysisWriter;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.lift.analysis.TitleConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp analyze BINARY -o DIR}: function discovery, blocks, jump tables, names. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Finds the functions, basic blocks and jump tables of an ELF, NRO or NSO and writes"
          + " functions.json, name_map.json and unresolved.json into DIR (see docs/analysis.md)."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BINARY", description = "The executable to analyze.")
  Path binary;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "Directory for the output files (created if needed).")
  Path output;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "TOML",
      description = "The title config (schemas/title-config.schema.json).")
  Optional<Path> config;

  @Override
  public Integer call() throws IntakeException, TitleConfigException, IOException {
    TitleConfig titleConfig =
        config.isPresent() ? TitleConfig.load(config.get()) : TitleConfig.empty();
    ProgramAnalysis analysis = Analysis.analyze(Images.read(binary), titleConfig);
    AnalysisWriter.write(analysis, output);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%d functions, %d jump tables, %d unresolved, %.1f%% of code in blocks -> %s%n",
        analysis.functions().size(),
        analysis.jumpTables().size(),
        analysis.unresolved().size(),
        100.0 * analysis.coveredBytes() / Math.max(1, analysis.codeBytes()),
        output);
    analysis.notes().forEach(n -> out.println("note: " + n));
    out.flush();
    return 0;
  }
}
