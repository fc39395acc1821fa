package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a small Java program of ours as the "reference" so the suite needs no external tool. */
class ReferenceExecutorTest {
  @TempDir Path tmp;

  /** The child program: echoes stdin upper-cased, writes a file and a trace, exits with args[0]. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      System.out.print(in.toUpperCase(java.util.Locale.ROOT));
      System.err.print("note\n");
      Files.createDirectories(Path.of("sub"));
      Files.writeString(Path.of("sub/out.txt"), "written\n");
      if (args.length > 2) {
        Files.writeString(
            Path.of(args[2]), "7 write(1,0x1000,3) = 3\n7 exit_group(" + args[0] + ")\n");
      }
      if (args[1].equals("sleep")) {
        Thread.sleep(60_000);
      }
      System.exit(Integer.parseInt(args[0]));
    }
  }

  static List<String> java(String... args) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), Child.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  @Test
  void recordsStreamsStatusFilesAndTrace() {
    ReferenceExecutor ex =
        new ReferenceExecutor(java("{status}", "run", "{trace}"), Duration.ofSeconds(60), Map.of());
    Capture c =
        ex.record(
            tmp.resolve("ref"), Map.of("status", "4"), "abc".getBytes(StandardCharsets.UTF_8));
    assertEquals("ABC", new String(c.stdout(), StandardCharsets.UTF_8));
    assertEquals("note\n", new String(c.stderr(), StandardCharsets.UTF_8));
    assertEquals(4, c.exitStatus());
    assertEquals(List.of("sub/out.txt"), List.copyOf(c.files().keySet()));
    assertEquals(2, c.trace().orElseThrow().size());
    assertEquals("exit_group", c.trace().get().get(1).name());
    assertTrue(Files.exists(tmp.resolve("ref/capture.json")));
    // The same command again validates as a pass against the first capture.
    Capture again =
        ex.record(
            tmp.resolve("again"), Map.of("status", "4"), "abc".getBytes(StandardCharsets.UTF_8));
    assertEquals(Verdict.PASS, Validator.validate(again, c, Gates.defaults()).verdict());
  }

  @Test
  void timeoutIsRecorded() {
    ReferenceExecutor ex =
        new ReferenceExecutor(java("0", "sleep"), Duration.ofMillis(1500), Map.of());
    Capture c = ex.record(tmp.resolve("slow"), Map.of(), new byte[0]);
    assertTrue(c.timedOut());
  }

  @Test
  void missingPlaceholderAndMissingProgramAreOneLineErrors() {
    ReferenceExecutor ex =
        new ReferenceExecutor(List.of("x", "{binary}"), Duration.ofSeconds(5), Map.of());
    assertEquals(
        "reference executor: no value for placeholder {binary} in \"{binary}\"",
        assertThrows(
                ValidationException.class, () -> ex.record(tmp.resolve("c"), Map.of(), new byte[0]))
            .getMessage());
    ReferenceExecutor none =
        new ReferenceExecutor(
            List.of(tmp.resolve("no-such-program").toString()), Duration.ofSeconds(5), Map.of());
    ValidationException e =
        assertThrows(
            ValidationException.class, () -> none.record(tmp.resolve("d"), Map.of(), new byte[0]));
    assertTrue(e.getMessage().startsWith("reference executor: cannot start "), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("d")));
  }
}
