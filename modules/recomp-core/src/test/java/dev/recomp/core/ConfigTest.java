package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path dir;

  String rejection(Project p) {
    Path config = p.config();
    AutomationException e =
        assertThrows(AutomationException.class, () -> Recomp.loadConfig(config));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(e.getMessage().startsWith(config.toString()), e.getMessage());
    assertTrue(!Files.exists(p.work()), "a rejected config must not touch the work root");
    return e.getMessage().substring(config.toString().length());
  }

  int lineOf(Project p, String text) throws Exception {
    var lines = Files.readAllLines(p.config());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in config");
  }

  @Test
  void unknownKeyIsNamedWithItsLine() throws Exception {
    Project p = new Project(dir).with("run", "[run]\nargs = [\"world\"]\nargz = [\"typo\"]\n");
    assertEquals(":" + lineOf(p, "argz") + ": run.argz: unknown key", rejection(p));
  }

  @Test
  void unknownTableIsNamed() throws Exception {
    Project p = new Project(dir).with("extra", "[capture]\nvideo = \"x.mp4\"\n");
    assertEquals(":" + lineOf(p, "[capture]") + ": capture: unknown key", rejection(p));
  }

  @Test
  void badValueIsNamedWithItsLine() throws Exception {
    Project p = new Project(dir).with("policy", "[policy]\nmax_runtime_minutes = 0\n");
    String message = rejection(p);
    assertTrue(
        message.startsWith(
            ":" + lineOf(p, "max_runtime_minutes") + ": policy.max_runtime_minutes: "),
        message);
  }

  @Test
  void badEnumIsNamed() throws Exception {
    Project p = new Project(dir);
    p.sections.put("head", p.sections.get("head").replace("format = \"elf\"", "format = \"exe\""));
    String message = rejection(p);
    assertTrue(message.startsWith(":" + lineOf(p, "format") + ": inputs.format: "), message);
  }

  @Test
  void missingRequiredKeyIsNamed() {
    Project p = new Project(dir);
    p.sections.put("head", "schema_version = 1\n[inputs]\nformat = \"elf\"\n");
    assertTrue(rejection(p).contains("inputs.binary"));
  }

  @Test
  void outputsWithoutCommandIsRejected() {
    Project p = new Project(dir).with("build", "[build]\noutputs = [\"app\"]\n");
    assertTrue(rejection(p).contains("build"));
  }

  @Test
  void syntaxErrorNamesTheLine() throws Exception {
    Project p = new Project(dir).with("run", "[run]\nargs = [\"world\"\n");
    String message = rejection(p);
    assertTrue(message.matches(":\\d+: TOML syntax error: .*"), message);
  }

  @Test
  void missingInputFileIsNamed() throws Exception {
    Project p = new Project(dir);
    p.sections.put("head", p.sections.get("head").replace("prog.elf", "missing.elf"));
    assertEquals(
        ":" + lineOf(p, "missing.elf") + ": inputs.binary: no such file missing.elf", rejection(p));
  }

  @Test
  void unknownPlaceholderIsNamed() throws Exception {
    Project p =
        new Project(dir)
            .with("build", "[build]\ncommand = [\"sh\", \"{bogus_dir}\"]\noutputs = [\"app\"]\n");
    String message = rejection(p);
    assertTrue(
        message.startsWith(
            ":" + lineOf(p, "bogus_dir") + ": build.command: unknown placeholder {bogus_dir}"),
        message);
  }

  @Test
  void retailPilotNeedsProvenance() {
    Project p = new Project(dir);
    p.sections.put(
        "head", p.sections.get("head").replace("track = \"homebrew\"", "track = \"retail-pilot\""));
    assertTrue(rejection(p).contains("inputs.provenance: required on the retail-pilot track"));
  }

  @Test
  void validateNeedsAReference() {
    Project p = new Project(dir).with("validate", "[validate]\ncompare = [\"stdout\"]\n");
    assertTrue(rejection(p).contains("validate: needs reference_command"));
  }

  @Test
  void badGatesAreRejectedNamingTheKeyAndLine() throws Exception {
    Project p =
        new Project(dir).with("validate", Project.VALIDATE + "[validate.gates]\nssim_mni = 0.9\n");
    String unknown = rejection(p);
    assertTrue(
        unknown.startsWith(
            ":" + lineOf(p, "[validate.gates]") + ": validate.gates: unknown key \"ssim_mni\""),
        unknown);
    p.with("validate", Project.VALIDATE + "[validate.gates]\nssim_min = 2.0\n");
    assertTrue(
        rejection(p).contains("validate.gates: \"ssim_min\" must be within [-1, 1]"), rejection(p));
    p.with("validate", Project.VALIDATE + "[validate.gates]\ndisabled_checks = [\"no-such\"]\n");
    assertTrue(rejection(p).contains("unknown check \"no-such\""), rejection(p));
  }

  @Test
  void missingConfigIsOneLine() {
    AutomationException e =
        assertThrows(AutomationException.class, () -> Recomp.loadConfig(dir.resolve("nope.toml")));
    assertEquals(dir.resolve("nope.toml") + ": no such file", e.getMessage());
  }

  @Test
  void defaultsFillAbsentTables() {
    Project p = new Project(dir).with("validate", "").with("policy", "");
    p.sections.put(
        "head",
        "schema_version = 1\n[inputs]\nbinary = \"prog.elf\"\n[validate]\nenabled = false\n");
    AutomationConfig c = Recomp.loadConfig(p.config());
    assertEquals(AutomationConfig.Track.HOMEBREW, c.track());
    assertEquals(AutomationConfig.Format.AUTO, c.inputs().format());
    assertEquals(".recomp-work", c.work().root());
    assertEquals(60, c.policy().maxRuntimeMinutes());
    assertTrue(c.analysis().enabled());
    assertTrue(c.archive().enabled());
  }

  @Property(tries = 200)
  void garbageIsAlwaysAOneLineError(@ForAll @StringLength(max = 300) String garbage)
      throws Exception {
    Path d = Files.createTempDirectory("cfg");
    Path config = d.resolve("automation.toml");
    Files.writeString(config, garbage);
    AutomationException e =
        assertThrows(AutomationException.class, () -> Recomp.loadConfig(config));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Property(tries = 200)
  void mutatedValidConfigNeverCrashes(@ForAll("positions") int at, @ForAll char replacement)
      throws Exception {
    Project p = new Project(Files.createTempDirectory("cfg"));
    Path config = p.config();
    StringBuilder text = new StringBuilder(Files.readString(config));
    text.setCharAt(at % text.length(), replacement);
    Files.writeString(config, text);
    try {
      Recomp.loadConfig(config);
    } catch (AutomationException e) {
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }
}
