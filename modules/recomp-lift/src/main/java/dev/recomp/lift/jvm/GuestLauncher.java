package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.HorizonConfig;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.HorizonProcess;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.LoadException;
import dev.recomp.runtime.Termination;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Starts a recompiled program: maps the guest image, wires its compiled classes, the dispatch table
 * and the interpreter fallback to the runtime, and runs it from its entry point. {@code recomp run}
 * uses it with classes compiled in memory; the Main-Class of every jar {@code recomp compile}
 * writes ({@link AppMain}) uses it with the classes in the jar. docs/compile.md lists the options.
 */
public final class GuestLauncher {
  /**
   * The environment variable carrying runtime options, so that every argument on the command line
   * is the guest's. The guest does not see it.
   */
  public static final String OPTIONS_VARIABLE = "RECOMP_OPTS";

  private GuestLauncher() {}

  /**
   * Runtime options, parsed from {@link #OPTIONS_VARIABLE}: space-separated words.
   *
   * @param summary {@code summary}: print instructions run compiled and interpreted, fallback
   *     blocks and dispatch misses to stderr at the end
   * @param deterministic {@code deterministic}: virtual clock and seeded randomness instead of host
   *     time and entropy (what the automation's run/capture uses)
   * @param strictSyscalls {@code strict}: end the guest at an unimplemented syscall instead of
   *     returning ENOSYS
   * @param sandboxRoot {@code root=DIR}: the guest's "/" is DIR and no path leaves it; without it
   *     the guest sees the host file system, as under qemu-user
   * @param traceFile {@code trace=FILE}: write the runtime trace manifest (syscalls, dispatch
   *     misses, fallbacks, termination) to FILE at the end
   */
  public record Options(
      boolean summary,
      boolean deterministic,
      boolean strictSyscalls,
      Optional<Path> sandboxRoot,
      Optional<Path> traceFile) {
    /** No options: qemu-user behaviour. */
    public static final Options NONE =
        new Options(false, false, false, Optional.empty(), Optional.empty());

    private static final String KNOWN = "summary, deterministic, strict, root=DIR, trace=FILE";

    /**
     * Parses the variable's value.
     *
     * @throws IllegalArgumentException naming the variable and the word it does not know
     */
    public static Options parse(String value) {
      Options o = NONE;
      for (String word : value.trim().split("\\s+")) {
        int eq = word.indexOf('=');
        String key = eq < 0 ? word : word.substring(0, eq);
        String arg = eq < 0 ? null : word.substring(eq + 1);
        o =
            switch (key) {
              case "" -> o;
              case "summary" ->
                  new Options(true, o.deterministic, o.strictSyscalls, o.sandboxRoot, o.traceFile);
              case "deterministic" ->
                  new Options(o.summary, true, o.strictSyscalls, o.sandboxRoot, o.traceFile);
              case "strict" ->
                  new Options(o.summary, o.deterministic, true, o.sandboxRoot, o.traceFile);
              case "root" ->
                  new Options(
                      o.summary,
                      o.deterministic,
                      o.strictSyscalls,
                      Optional.of(Path.of(argument(word, arg))),
                      o.traceFile);
              case "trace" ->
                  new Options(
                      o.summary,
                      o.deterministic,
                      o.strictSyscalls,
                      o.sandboxRoot,
                      Optional.of(Path.of(argument(word, arg))));
              default ->
                  throw new IllegalArgumentException(
                      OPTIONS_VARIABLE + ": unknown option '" + word + "' (known: " + KNOWN + ")");
            };
      }
      return o;
    }

    private static String argument(String word, String arg) {
      if (arg == null || arg.isEmpty()) {
        throw new IllegalArgumentException(
            OPTIONS_VARIABLE + ": option '" + word + "' needs a value (known: " + KNOWN + ")");
      }
      return arg;
    }
  }

  /**
   * The host environment as the guest sees it, as qemu-user passes it: every variable but {@link
   * #OPTIONS_VARIABLE}, sorted by name so that the guest's environ does not depend on hash order.
   */
  public static List<String> hostEnvironment() {
    List<String> env = new ArrayList<>();
    new TreeMap<>(System.getenv())
        .forEach(
            (name, value) -> {
              if (!name.equals(OPTIONS_VARIABLE)) {
                env.add(name + "=" + value);
              }
            });
    return env;
  }

  /**
   * Runs the program under the personality its format calls for (Linux for an ELF, Horizon for an
   * NRO or NSO) and returns its exit status (128 + signal for a Linux guest killed by a signal, as
   * a shell reports it).
   *
   * @param image the guest image the classes were compiled from
   * @param argv the guest's argument vector, argv[0] included
   * @param execPath what {@code /proc/self/exe} and AT_EXECFN name: an absolute path, as Linux
   *     gives (glibc's static startup asserts it)
   * @param env the guest's environment (Linux)
   * @param compiled the loader that defines the generated classes ({@link JvmBackend#PACKAGE})
   * @param diagnostics where runtime reports (faults, the summary) go
   * @throws LoadException when the image cannot be mapped
   * @throws IOException when the trace file cannot be written
   */
  public static int run(
      GuestImage image,
      List<String> argv,
      String execPath,
      List<String> env,
      ClassLoader compiled,
      Options options,
      PrintStream diagnostics)
      throws LoadException, IOException {
    String what = argv.isEmpty() ? "guest" : argv.getFirst();
    return switch (image.format()) {
      case ELF -> linux(image, argv, execPath, env, compiled, options, diagnostics, what);
      case NRO, NSO -> horizon(image, argv, compiled, options, diagnostics, what);
    };
  }

  private static int linux(
      GuestImage image,
      List<String> argv,
      String execPath,
      List<String> env,
      ClassLoader compiled,
      Options options,
      PrintStream diagnostics,
      String what)
      throws LoadException, IOException {
    LinuxConfig.Builder config =
        LinuxConfig.builder(argv)
            .execPath(execPath)
            .env(env)
            .strictSyscalls(options.strictSyscalls())
            .traceSyscalls(options.traceFile().isPresent())
            .diagnostics(diagnostics);
    options.sandboxRoot().ifPresent(config::sandbox);
    if (options.deterministic()) {
      config.deterministic(0);
    }
    try (LinuxProcess process = LinuxLoader.load(image, config.build(), what)) {
      // The program is also the engine for the processes and threads the guest creates; an
      // AArch64 program it execs is compiled in memory.
      CompiledProgram program =
          CompiledProgram.loaded(image, compiled, CompiledProgram::compileInMemory);
      Termination end = process.run(program);
      return finish(
          process,
          end,
          process.instructionsExecuted(),
          program.interpretedInstructions(),
          program.interpretedBlocks(),
          options,
          diagnostics);
    }
  }

  /**
   * A Switch program: OutputDebugString goes to stdout; Horizon runs one guest thread at a time, so
   * the threads share one fallback, each with a context of its own.
   */
  private static int horizon(
      GuestImage image,
      List<String> argv,
      ClassLoader compiled,
      Options options,
      PrintStream diagnostics,
      String what)
      throws LoadException, IOException {
    HorizonConfig config =
        HorizonConfig.builder()
            .debugOutput(new FileOutputStream(FileDescriptor.out))
            .diagnostics(diagnostics)
            .argv(String.join(" ", argv))
            .traceSvcs(options.traceFile().isPresent())
            .build();
    try (HorizonProcess process = HorizonLoader.load(image, config, what)) {
      DispatchTable table = JvmBackend.dispatchTable(compiled);
      InterpreterFallback fallback =
          new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory()));
      Termination end =
          process.run(
              cpu ->
                  new GuestContext(cpu, process.memory(), process, table, fallback)
                      .runFrom(cpu.pc));
      return finish(
          process,
          end,
          process.instructionsExecuted(),
          fallback.instructions(),
          fallback.blocks(),
          options,
          diagnostics);
    }
  }

  private static int finish(
      GuestProcess process,
      Termination end,
      long total,
      long interpreted,
      long fallbackBlocks,
      Options options,
      PrintStream diagnostics)
      throws IOException {
    if (options.summary()) {
      diagnostics.printf(
          Locale.ROOT,
          "recomp: %d instructions: %d compiled, %d interpreted in %d fallback blocks;"
              + " %d dispatch misses; %s%n",
          total,
          total - interpreted,
          interpreted,
          fallbackBlocks,
          process.trace().dispatchMisses().values().stream().mapToLong(Long::longValue).sum(),
          end.message());
      diagnostics.flush();
    }
    if (options.traceFile().isPresent()) {
      process.trace().write(options.traceFile().get());
    }
    return end.exitStatus();
  }
}
