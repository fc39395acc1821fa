package dev.recomp.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** {@code recomp}: statically recompiles AArch64 programs into JVM programs. */
@Command(
    name = "recomp",
    mixinStandardHelpOptions = true,
    versionProvider = RecompVersion.class,
    description =
        "Statically recompiles AArch64 programs (Linux ELF, Switch homebrew) into JVM programs.",
    subcommands = {
      HelpCommand.class,
      IntakeCommand.class,
      AutomateCommand.class,
      DisasmCommand.class,
      AnalyzeCommand.class,
      CompileCommand.class,
      RunCommand.class,
      EnvelopeCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:success", "1:the work failed (the message says why)", "2:bad usage"})
public final class RecompCommand {
  /** Runs {@code recomp} and exits with its status. */
  public static void main(String[] args) {
    Cli.main(new RecompCommand(), args);
  }
}
