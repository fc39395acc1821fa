package dev.recomp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Builds a {@link CommandLine} with recomp's conventions: bad usage is one line on stderr and exit
 * status 2; a failure in the work is one line (no stack trace) and exit status 1.
 */
public final class Cli {
  /** Exit status for a failure in the work itself. */
  public static final int FAILURE = 1;

  /** Exit status for bad usage: unknown flags, missing arguments. */
  public static final int USAGE = 2;

  private Cli() {}

  /**
   * Runs {@code command} as a program's entry point and exits with its status. The JSON Schema
   * library logs through SLF4J; without a binding SLF4J would warn on stderr, so it is silenced.
   */
  public static void main(Object command, String[] args) {
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(of(command).execute(args));
  }

  /** A command line for {@code command} with recomp's error handling. */
  public static CommandLine of(Object command) {
    CommandLine cmd = new CommandLine(command);
    cmd.setParameterExceptionHandler(usageErrorHandler());
    cmd.setExecutionExceptionHandler(failureHandler());
    return cmd;
  }

  private static IParameterExceptionHandler usageErrorHandler() {
    return (ParameterException ex, String[] args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage() + " (try --help)");
      err.flush();
      return USAGE;
    };
  }

  private static IExecutionExceptionHandler failureHandler() {
    return (ex, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
      err.println(
          cmd.getCommandSpec().qualifiedName() + ": " + message.lines().findFirst().orElse(""));
      err.flush();
      return FAILURE;
    };
  }
}
