package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is the usage of every command of {@code recomp} and {@code recomp-validation} as
 * picocli renders it; this test fails when the committed page is stale, and rewrites it with {@code
 * -Drecomp.update.docs=true} (scripts/update-docs.sh).
 */
class CliReferenceTest {
  static final Path PAGE = Path.of(System.getProperty("recomp.repo.root"), "docs/cli.md");

  static String render() {
    StringBuilder md = new StringBuilder();
    md.append(
        "<!-- Generated from the picocli commands in modules/recomp-cli by CliReferenceTest; do not"
            + " edit. After changing a command run scripts/update-docs.sh. -->\n\n");
    md.append("# Command-line reference\n\n");
    md.append(
        "Two launchers at the repository root run the shaded jar (rebuilding it when the sources"
            + " changed): `./recomp` and `./recomp-validation`. Every command follows one"
            + " convention: exit status 0 on success, 1 when the work failed (one line on stderr"
            + " says why, never a stack trace), 2 on bad usage. Guides: [automation.md]"
            + "(automation.md) for `recomp automate`, [policy.md](policy.md) for approvals and"
            + " `recomp envelope`, [validation.md](validation.md) for `recomp-validation`.\n\n");
    for (Object top : List.of(new RecompCommand(), new ValidationCommand())) {
      append(md, new CommandLine(top));
    }
    return md.toString();
  }

  private static void append(StringBuilder md, CommandLine cmd) {
    String name = cmd.getCommandSpec().qualifiedName();
    md.append("## ").append(name).append("\n\n```text\n");
    md.append(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n\n");
    cmd.getSubcommands().values().stream()
        .distinct()
        .filter(sub -> !sub.getCommandName().equals("help"))
        .forEach(sub -> append(md, sub));
  }

  @Test
  void theCommittedPageIsCurrent() throws Exception {
    String page = render();
    if (Boolean.getBoolean("recomp.update.docs")) {
      Files.writeString(PAGE, page, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.isRegularFile(PAGE), PAGE + " is missing: run scripts/update-docs.sh");
    assertEquals(
        page,
        Files.readString(PAGE, StandardCharsets.UTF_8),
        "docs/cli.md is stale: run scripts/update-docs.sh");
  }

  @Test
  void everySubcommandIsDocumented() {
    String page = render();
    for (Object top : List.of(new RecompCommand(), new ValidationCommand())) {
      CommandLine cmd = new CommandLine(top);
      for (String sub : cmd.getSubcommands().keySet()) {
        if (!sub.equals("help")) {
          assertTrue(
              page.contains("## " + cmd.getCommandName() + " " + sub + "\n"),
              sub + " has no section");
        }
      }
    }
  }
}
