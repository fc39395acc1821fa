package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** A broken approvals file is a one-line error naming it, whatever its bytes. */
class ApprovalsFuzzTest {
  static final String VALID =
      """
      {"schema_version": 1, "approvals": [{"stage": "archive", "binary_sha256":
      "0000000000000000000000000000000000000000000000000000000000000000",
      "approved_by": "Ada", "reason": "ok"}]}
      """;

  static Path project() throws Exception {
    return new Project(Files.createTempDirectory("approvals"))
        .with("policy", "[policy]\nexecution_mode = \"hybrid\"\n")
        .config();
  }

  @Property(tries = 100)
  void garbageIsAOneLineErrorNamingTheFile(@ForAll @Size(max = 400) byte[] garbage)
      throws Exception {
    Path config = project();
    Path file = config.resolveSibling("approvals.json");
    Files.write(file, garbage);
    AutomateOptions options = AutomateOptions.defaults().withApprovals(Set.of(), file);
    AutomationException e =
        assertThrows(AutomationException.class, () -> Recomp.plan(config, options));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Property(tries = 100)
  void aMutatedApprovalsFileLoadsOrIsAOneLineError(
      @ForAll("positions") int at, @ForAll char replacement) throws Exception {
    Path config = project();
    Path file = config.resolveSibling("approvals.json");
    StringBuilder text = new StringBuilder(VALID);
    text.setCharAt(at % text.length(), replacement);
    Files.writeString(file, text);
    try {
      Recomp.plan(config, AutomateOptions.defaults().withApprovals(Set.of(), file));
    } catch (AutomationException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, VALID.length() - 1);
  }
}
