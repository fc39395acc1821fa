package dev.recomp.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The user's own unpacker for encrypted retail containers (XCI, NCA): a hactool-style command that
 * the user configures with their own keys. recomp never decrypts anything itself and never falls
 * back to anything else when the tool is missing. Its version is recorded with every run, and its
 * output lands outside any git work tree.
 *
 * @param command the command line; {@code {input}} and {@code {output}} in any argument are
 *     replaced by the input file and the (temporary) output directory
 * @param versionCommand the command line that prints the tool's version
 */
public record ExternalUnpacker(List<String> command, List<String> versionCommand) {
  /**
   * What one unpack did.
   *
   * @param version the tool's version line
   * @param commandLine the command as run (with the final output directory)
   * @param outputs the files produced, relative to the output directory, sorted
   */
  public record Run(String version, List<String> commandLine, List<Path> outputs) {}

  /** Checks and copies the command lines. */
  public ExternalUnpacker {
    if (command.isEmpty() || versionCommand.isEmpty()) {
      throw new IllegalArgumentException("the unpacker and version commands must not be empty");
    }
    command = List.copyOf(command);
    versionCommand = List.copyOf(versionCommand);
  }

  /** The tool's version: the first non-empty line it prints for {@link #versionCommand()}. */
  public String version(Duration timeout) throws IntakeException {
    Result r = run(versionCommand, timeout, "reporting its version");
    return (r.stdout() + "\n" + r.stderr())
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .findFirst()
        .orElseThrow(() -> new IntakeException(tool() + ": printed no version"));
  }

  /**
   * Unpacks {@code input} into {@code outputDir}, which must not exist yet and must lie outside
   * every git work tree. The tool writes into a temporary sibling directory that is renamed into
   * place only when it succeeds, so a failed run leaves nothing behind.
   */
  public Run unpack(Path input, Path outputDir, Duration timeout) throws IntakeException {
    requireOutsideGitWorkTree(outputDir);
    if (!Files.isRegularFile(input)) {
      throw new IntakeException(input + ": no such file to unpack");
    }
    if (Files.exists(outputDir)) {
      throw new IntakeException(outputDir + ": already exists; unpack needs a fresh directory");
    }
    String version = version(timeout);
    Path parent = outputDir.toAbsolutePath().getParent();
    Path temp;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempDirectory(parent, ".unpack-");
    } catch (IOException e) {
      throw new IntakeException(outputDir + ": cannot create: " + e.getMessage(), e);
    }
    try {
      run(substitute(input, temp), timeout, "unpacking " + input);
      List<Path> outputs = listing(temp);
      move(temp, outputDir);
      return new Run(version, substitute(input, outputDir), outputs);
    } catch (IOException e) {
      throw new IntakeException(
          outputDir + ": cannot store the unpacked files: " + e.getMessage(), e);
    } finally {
      deleteTree(temp);
    }
  }

  /**
   * Refuses a directory inside a git work tree: retail inputs, keys and extracted assets must stay
   * out of repositories.
   */
  public static void requireOutsideGitWorkTree(Path dir) throws IntakeException {
    for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        throw new IntakeException(
            dir
                + ": inside the git work tree "
                + p
                + "; retail inputs and extracted assets must stay outside repositories");
      }
    }
  }

  private String tool() {
    return command.getFirst();
  }

  private List<String> substitute(Path input, Path output) {
    return command.stream()
        .map(a -> a.replace("{input}", input.toString()).replace("{output}", output.toString()))
        .toList();
  }

  private record Result(String stdout, String stderr) {}

  private Result run(List<String> commandLine, Duration timeout, String doing)
      throws IntakeException {
    Process p;
    try {
      p = new ProcessBuilder(commandLine).start();
      // The tool gets no input: it must not wait for a key press or a password.
      p.getOutputStream().close();
    } catch (IOException e) {
      throw new IntakeException(
          commandLine.getFirst()
              + ": cannot run the configured unpacker ("
              + e.getMessage()
              + "); install it or configure its command, with your own keys");
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IntakeException(
            commandLine.getFirst()
                + ": "
                + doing
                + " took longer than "
                + timeout.toSeconds()
                + " s; stopped");
      }
      Result r = new Result(out.join(), err.join());
      if (p.exitValue() != 0) {
        String why =
            r.stderr().lines().findFirst().orElse(r.stdout().lines().findFirst().orElse(""));
        throw new IntakeException(
            commandLine.getFirst()
                + ": exited with status "
                + p.exitValue()
                + " "
                + doing
                + (why.isEmpty() ? "" : ": " + why));
      }
      return r;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IntakeException(commandLine.getFirst() + ": interrupted while " + doing, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.toList());
      all.sort(Comparator.reverseOrder());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // Best effort: the temporary directory is hidden and named as such.
    }
  }
}
