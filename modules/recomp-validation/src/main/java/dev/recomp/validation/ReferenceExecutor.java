package dev.recomp.validation;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Produces a reference capture by running a command, such as {@code qemu-aarch64 -cpu cortex-a53
 * -strace -D {trace} {binary}}, in an empty sandbox directory.
 *
 * <p>Placeholders in the argv: {@code {trace}} becomes a file the command may write a syscall trace
 * to (qemu's {@code -D}); every other {@code {name}} must be given by the caller. The environment
 * is {@code PATH} and {@code LC_ALL=C} plus {@link #env}, nothing inherited, so reference runs
 * repeat.
 *
 * @param argv the command and its arguments, with placeholders
 * @param timeout the time limit; the process is killed past it and the capture marked timed out
 * @param env extra environment variables
 */
public record ReferenceExecutor(List<String> argv, Duration timeout, Map<String, String> env) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  /** Copies and checks. */
  public ReferenceExecutor {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new ValidationException("reference executor: empty command");
    }
  }

  /**
   * Runs the command and stores its capture as the directory {@code captureDir} (which must not
   * exist), then reads it back.
   *
   * @param captureDir where the capture goes
   * @param values placeholder values, e.g. {@code binary -> /path/to/prog}
   * @param stdin bytes fed to the program's standard input
   */
  public Capture record(Path captureDir, Map<String, String> values, byte[] stdin) {
    Path parent = captureDir.toAbsolutePath().normalize().getParent();
    try {
      Files.createDirectories(parent);
      Path scratch = Files.createTempDirectory(parent, ".reference-run");
      try {
        run(scratch, values, stdin).writeTo(captureDir);
      } finally {
        Capture.deleteTree(scratch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reference executor: " + e.getMessage(), e);
    }
    return Capture.read(captureDir);
  }

  /** Runs the command with {@code scratch} (empty) as its working area; returns what it did. */
  public Capture.Recording run(Path scratch, Map<String, String> values, byte[] stdin)
      throws IOException {
    Path sandbox = Files.createDirectories(scratch.resolve("sandbox"));
    Path trace = scratch.resolve("trace.txt");
    Path out = scratch.resolve("stdout.bin");
    Path err = scratch.resolve("stderr.bin");
    Path in = Files.write(scratch.resolve("stdin.bin"), stdin);
    List<String> command = new ArrayList<>();
    boolean traced = false;
    for (String arg : argv) {
      traced |= arg.contains("{trace}");
      command.add(substitute(arg, values, trace));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(sandbox.toFile())
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("LC_ALL", "C");
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ValidationException(
          "reference executor: cannot start " + command.getFirst() + ": " + e.getMessage());
    }
    boolean timedOut;
    try {
      timedOut = !p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (timedOut) {
        p.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ValidationException("reference executor: interrupted");
    }
    Optional<List<TraceEvent>> events = Optional.empty();
    if (traced) {
      List<TraceEvent> list = new ArrayList<>();
      if (Files.exists(trace)) {
        List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (!lines.get(i).isBlank()) {
            list.add(TraceEvent.parse(lines.get(i), trace + ":" + (i + 1)));
          }
        }
      }
      events = Optional.of(list);
    }
    return new Capture.Recording(
        Files.readAllBytes(out),
        Files.readAllBytes(err),
        p.exitValue(),
        timedOut,
        writtenFiles(sandbox),
        events,
        List.of(),
        List.of(),
        Optional.empty());
  }

  private static String substitute(String arg, Map<String, String> values, Path trace) {
    Matcher m = PLACEHOLDER.matcher(arg);
    StringBuilder s = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = name.equals("trace") ? trace.toString() : values.get(name);
      if (value == null) {
        throw new ValidationException(
            "reference executor: no value for placeholder {" + name + "} in \"" + arg + "\"");
      }
      m.appendReplacement(s, Matcher.quoteReplacement(value));
    }
    m.appendTail(s);
    return s.toString();
  }

  private static SortedMap<String, byte[]> writtenFiles(Path sandbox) throws IOException {
    SortedMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(sandbox)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(
            sandbox.relativize(f).toString().replace(File.separatorChar, '/'),
            Files.readAllBytes(f));
      }
    }
    return files;
  }
}
