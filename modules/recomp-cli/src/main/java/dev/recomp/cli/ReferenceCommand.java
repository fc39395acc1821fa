package dev.recomp.cli;

import dev.recomp.validation.Capture;
import dev.recomp.validation.ReferenceExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp-validation reference}: records a reference capture by running a command. */
@Command(
    name = "reference",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a reference executor in an empty sandbox and stores what it did as a capture"
          + " directory, e.g.:",
      "  recomp-validation reference --out ref -- qemu-aarch64 -cpu cortex-a53 -strace -D {trace}"
          + " /abs/path/prog",
      "{trace} becomes a file the command may write a syscall trace to; other {name}"
          + " placeholders come from --set name=value."
    })
public final class ReferenceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new capture")
  Path out;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "time limit in seconds (default: ${DEFAULT-VALUE})")
  long timeoutSeconds = 60;

  @Option(names = "--stdin", paramLabel = "FILE", description = "bytes fed to standard input")
  Path stdin;

  @Option(names = "--set", paramLabel = "NAME=VALUE", description = "a placeholder value")
  Map<String, String> values = new TreeMap<>();

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "the command and arguments")
  List<String> command;

  @Override
  public Integer call() {
    byte[] input;
    try {
      input = stdin == null ? new byte[0] : Files.readAllBytes(stdin);
    } catch (IOException e) {
      throw new UncheckedIOException(stdin + ": cannot read: " + e.getMessage(), e);
    }
    Capture c =
        new ReferenceExecutor(command, Duration.ofSeconds(timeoutSeconds), Map.of())
            .record(out, values, input);
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "recorded "
            + out
            + ": exit "
            + c.exitStatus()
            + (c.timedOut() ? " (timed out)" : "")
            + ", "
            + c.stdout().length
            + " bytes stdout, "
            + c.files().size()
            + " files"
            + c.trace().map(t -> ", " + t.size() + " trace events").orElse(""));
    o.flush();
    return 0;
  }
}
