package dev.recomp.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code recomp-validation}: re-validates existing runs from their artifacts. */
@Command(
    name = "recomp-validation",
    mixinStandardHelpOptions = true,
    versionProvider = RecompVersion.class,
    description = "Validates recompiled runs against references, from existing run folders.",
    subcommands = {
      HelpCommand.class,
      ValidateCommand.class,
      ArtifactsCommand.class,
      SummarizeCommand.class,
      ReferenceCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:success", "1:validation failed or the work failed", "2:bad usage"})
public final class ValidationCommand {
  /** Runs {@code recomp-validation} and exits with its status. */
  public static void main(String[] args) {
    Cli.main(new ValidationCommand(), args);
  }
}
