package dev.recomp.cli;

import dev.recomp.core.Recomp;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.lift.jvm.GuestLauncher;
import dev.recomp.runtime.LoadException;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recomp run BINARY [-- ARGS...]}: compiles an AArch64 Linux program (once per binary and
 * recomp version, into the jar cache) and runs it in this JVM, exiting with the guest's status.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Recompiles an AArch64 program (a Linux ELF, or a Switch NRO or NSO) and runs it with"
          + " ARGS (put -- before ARGS that start with '-'); stdin, stdout and stderr are the"
          + " guest's. The compiled"
          + " jar is cached, keyed by the binary's SHA-256 and this recomp's version."
          + " Runtime options go in the environment variable"
          + " RECOMP_OPTS (space-separated): summary, deterministic, strict, root=DIR, trace=FILE"
          + " (see docs/compile.md)."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description =
          "Where compiled jars are kept (default: $RECOMP_CACHE_DIR, else"
              + " $XDG_CACHE_HOME/recomp/jars, else ~/.cache/recomp/jars).")
  Optional<Path> cacheDir;

  @Parameters(index = "0", paramLabel = "BINARY", description = "The program to run.")
  Path binary;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The guest's arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IntakeException, LoadException, IOException {
    GuestLauncher.Options options;
    try {
      options =
          GuestLauncher.Options.parse(
              System.getenv().getOrDefault(GuestLauncher.OPTIONS_VARIABLE, ""));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path jar =
        Recomp.compileCached(binary, cacheDir.orElseGet(RunCommand::defaultCacheDir), line -> {});
    List<String> argv = new ArrayList<>();
    argv.add(binary.toString());
    argv.addAll(args);
    try (URLClassLoader compiled =
        new URLClassLoader(
            "recomp-guest", new URL[] {jar.toUri().toURL()}, RunCommand.class.getClassLoader())) {
      return GuestLauncher.run(
          Images.read(binary),
          argv,
          binary.toAbsolutePath().toString(),
          GuestLauncher.hostEnvironment(),
          compiled,
          options,
          System.err);
    }
  }

  private static Path defaultCacheDir() {
    String explicit = System.getenv("RECOMP_CACHE_DIR");
    if (explicit != null && !explicit.isEmpty()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("recomp").resolve("jars");
  }
}
