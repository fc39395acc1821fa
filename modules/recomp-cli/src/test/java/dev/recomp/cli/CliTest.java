package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {
  record Run(int status, String out, String err) {}

  static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Cli.of(command);
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int status = cmd.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void unknownFlagIsOneLineAndStatus2() {
    Run r = run(new RecompCommand(), "--bogus");
    assertEquals(2, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("--bogus"), r.err());
  }

  @Test
  void helpListsCommands() {
    Run r = run(new RecompCommand(), "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("Commands:"), r.out());
    assertTrue(r.out().contains("help"), r.out());
  }

  @Test
  void versionNamesRecompAndTheJvm() {
    Run r = run(new RecompCommand(), "--version");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("recomp 0."), r.out());
    assertTrue(r.out().contains("JVM 25"), r.out());
  }

  @Test
  void validationFrontEndHasTheSameConventions() {
    assertEquals(2, run(new ValidationCommand(), "--bogus").status());
    assertEquals(0, run(new ValidationCommand(), "--help").status());
  }
}
