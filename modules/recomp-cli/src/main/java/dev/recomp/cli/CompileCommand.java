package dev.recomp.cli;

import dev.recomp.core.Compiled;
import dev.recomp.core.Recomp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp compile BINARY -o app.jar}: a recompiled program as a self-contained jar. */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Recompiles an AArch64 program (a Linux ELF, or a Switch NRO or NSO) into a self-contained"
          + " runnable jar (intake, analysis, lift and build in one step). For an ELF,"
          + " 'java -jar app.jar ARGS...' then behaves like 'qemu-aarch64 BINARY ARGS...';"
          + " runtime options go in the environment variable"
          + " RECOMP_OPTS (see docs/compile.md). Compiling the same binary twice gives"
          + " byte-identical jars."
    })
final class CompileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BINARY", description = "The program to compile.")
  Path binary;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "JAR",
      description = "The jar to write (replaced atomically).")
  Path output;

  @Option(
      names = "--title-config",
      paramLabel = "TOML",
      description = "A title config: function hints, stubs, patches (docs/analysis.md).")
  Optional<Path> titleConfig;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Compiled c =
        Recomp.compile(
            binary,
            titleConfig,
            output,
            line -> {
              if (!quiet) {
                err.println("recomp compile: " + line);
                err.flush();
              }
            });
    if (!quiet) {
      err.printf(
          Locale.ROOT,
          "recomp compile: wrote %s: %d functions, %d instructions, %d unsupported encodings"
              + " (IR %s)%n",
          c.jar(),
          c.functions(),
          c.instructions(),
          c.unsupportedEncodings(),
          c.irDigest().substring(0, 12));
      err.flush();
    }
    return 0;
  }
}
