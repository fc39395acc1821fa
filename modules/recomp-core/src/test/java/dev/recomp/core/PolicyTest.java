package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.ExecutionMode;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.PolicyRecord;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import dev.recomp.manifest.StepRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redaction profiles applied by the archive stage, approval gates, and the policy record. */
class PolicyTest {
  @TempDir Path dir;

  static final String TITLE = "Secret Title Name";

  /** A retail-pilot project: provenance given, a title-like label, the default profile. */
  Project retail() {
    Project p = new Project(dir);
    p.write("provenance.toml", provenance(Sha256.of(dir.resolve("prog.elf"))));
    return p.with(
        "head",
        p.sections
            .get("head")
            .replace("track = \"homebrew\"", "track = \"retail-pilot\"")
            .replace("format = \"elf\"", "format = \"elf\"\nprovenance = \"provenance.toml\"")
            .replace("root = \"work\"", "root = \"work\"\nlabel = \"" + TITLE + "\""));
  }

  Project hybrid() {
    return new Project(dir).with("policy", "[policy]\nexecution_mode = \"hybrid\"\n");
  }

  static Map<String, byte[]> entries(Path archive) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.put(e.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }

  static byte[] decompressed(Path archive) throws IOException {
    try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(archive))) {
      return in.readAllBytes();
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void retailStrictArchiveHoldsOnlyHashesAndTheManifest() throws Exception {
    Project p = retail();
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals("retail-strict", m.policy().redactionProfile());
    assertEquals(1, m.policy().redactionProfileVersion());

    Path archive = p.work().resolve("archive/run.tar.gz");
    Map<String, byte[]> entries = entries(archive);
    assertEquals(List.of("MANIFEST.json", "SHA256SUMS"), List.copyOf(entries.keySet()));

    byte[] tar = decompressed(archive);
    byte[] input = Files.readAllBytes(dir.resolve("prog.elf"));
    int windows = 0;
    for (int at = 0; at + 16 <= input.length; at += 16) {
      byte[] window = Arrays.copyOfRange(input, at, at + 16);
      if (distinct(window) >= 6) {
        windows++;
        assertFalse(contains(tar, window), "input bytes at offset " + at + " are in the archive");
      }
    }
    assertTrue(windows > 10, "the fixture has too few distinctive windows: " + windows);
    String text = new String(tar, StandardCharsets.ISO_8859_1);
    for (String plain : List.of(dir.toString(), "prog.elf", "provenance.toml", TITLE, "hello")) {
      assertFalse(text.contains(plain), plain + " appears in the archive");
    }

    var manifest = Json.parse(entries.get("MANIFEST.json"), "MANIFEST.json");
    assertTrue(Schema.named("archive-manifest.schema.json").violations(manifest).isEmpty());
    String binarySha = Sha256.of(dir.resolve("prog.elf"));
    assertEquals("title-" + binarySha.substring(0, 16), manifest.get("title").asText());
    assertEquals("sha256:" + binarySha, manifest.get("inputs").get(0).get("ref").asText());
    manifest
        .get("artifacts")
        .forEach(a -> assertFalse(a.get("included").asBoolean(), a.toString()));
    String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8);
    assertTrue(sums.contains(Sha256.of(p.work().resolve("run/stdout")) + "  run/stdout\n"), sums);
  }

  @Test
  void homebrewDefaultArchivesEverythingWithRelativePaths() throws Exception {
    Project p = new Project(dir);
    RunManifest m = p.automate();
    assertEquals("homebrew-default", m.policy().redactionProfile());
    Map<String, byte[]> entries = entries(p.work().resolve("archive/run.tar.gz"));
    assertTrue(entries.keySet().containsAll(Set.of("run/stdout", "build/app", "lift/module.json")));
    var manifest = Json.parse(entries.get("MANIFEST.json"), "MANIFEST.json");
    assertEquals("work", manifest.get("title").asText());
    assertEquals("prog.elf", manifest.get("inputs").get(0).get("ref").asText());
    manifest.get("artifacts").forEach(a -> assertTrue(a.get("included").asBoolean(), a.toString()));
  }

  @Test
  void changingTheProfileRerunsOnlyTheArchive() {
    Project p = new Project(dir);
    p.automate();
    RunManifest m =
        p.with(
                "policy",
                "[policy]\nmax_runtime_minutes = 5\nredaction_profile = \"retail-strict\"\n")
            .automate();
    assertEquals(
        EnumSet.of(
            StageName.INTAKE, StageName.LIFT, StageName.BUILD, StageName.RUN, StageName.VALIDATE),
        AutomateTest.hits(m));
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.ARCHIVE).status());
  }

  @Test
  void aLenientProfileIsRefusedOnTheRetailTrack() {
    Project p = retail();
    p.with("policy", "[policy]\nredaction_profile = \"homebrew-default\"\n");
    AutomationException e = assertThrows(AutomationException.class, p::automate);
    assertTrue(
        e.getMessage()
            .endsWith(
                "automation.toml:"
                    + lineOf(p, "redaction_profile")
                    + ": policy.redaction_profile: \"homebrew-default\" is not allowed"
                    + " on the retail-pilot track (allowed on: homebrew)"),
        e.getMessage());
  }

  @Test
  void anUnknownProfileIsAConfigErrorListingTheKnownOnes() {
    Project p = new Project(dir).with("policy", "[policy]\nredaction_profile = \"open\"\n");
    AutomationException e = assertThrows(AutomationException.class, p::automate);
    assertTrue(
        e.getMessage()
            .endsWith(
                ":"
                    + lineOf(p, "redaction_profile")
                    + ": policy.redaction_profile: unknown redaction profile \"open\" (known:"
                    + " homebrew-default, retail-strict)"),
        e.getMessage());
  }

  @Test
  void hybridModeRefusesAGatedStageWithoutApproval() {
    Project p = hybrid();
    RunManifest m = p.automate();
    StepRecord archive = step(m, StageName.ARCHIVE);
    assertEquals(StepRecord.Status.REFUSED, archive.status());
    assertEquals(RunManifest.Outcome.INCOMPLETE, m.outcome());
    assertTrue(
        archive
            .notes()
            .getFirst()
            .startsWith(
                "approval required: archive is gated in hybrid mode (the archive is the bundle that"
                    + " is published or uploaded); approve it with --approve archive, or an"
                    + " --approvals file entry for stage archive and binary_sha256 "),
        archive.notes().toString());
    assertFalse(Files.exists(p.work().resolve("archive/run.tar.gz")));
    assertEquals(List.of("analysis", "archive"), m.policy().approvalGates());
    assertEquals(List.of(), m.policy().approvals());
    assertTrue(m.policy().enforced().contains("requires_approval"));
    assertEquals(
        PlannedStage.Action.REFUSED,
        Recomp.plan(p.config(), AutomateOptions.defaults()).getLast().action());
  }

  @Test
  void hybridModeRunsAGatedStageApprovedByFlag() {
    Project p = hybrid();
    RunManifest m =
        p.automate(AutomateOptions.defaults().withApprovals(Set.of(StageName.ARCHIVE), null));
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.ARCHIVE).status());
    assertEquals(
        List.of(new PolicyRecord.Approval("archive", PolicyRecord.Source.FLAG, null, null)),
        m.policy().approvals());
    assertEquals(ExecutionMode.HYBRID, m.policy().executionMode());
  }

  @Test
  void hybridModeRunsAGatedStageApprovedByFileForThisBinaryOnly() throws Exception {
    Project p = hybrid();
    String sha = Sha256.of(dir.resolve("prog.elf"));
    p.write("approvals.json", approvals(sha));
    RunManifest m =
        p.automate(
            AutomateOptions.defaults().withApprovals(Set.of(), dir.resolve("approvals.json")));
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(
        List.of(
            new PolicyRecord.Approval(
                "archive", PolicyRecord.Source.FILE, "Ada", "bundle for the issue tracker")),
        m.policy().approvals());

    p.write("other.json", approvals("0".repeat(64)));
    RunManifest other =
        p.automate(AutomateOptions.defaults().withApprovals(Set.of(), dir.resolve("other.json")));
    assertEquals(StepRecord.Status.REFUSED, step(other, StageName.ARCHIVE).status());
  }

  @Test
  void aBrokenApprovalsFileIsAOneLineErrorNamingIt() {
    Project p = hybrid();
    p.write("approvals.json", "{\"schema_version\": 1, \"approvals\": [{\"stage\": \"archive\"}]}");
    AutomationException e =
        assertThrows(
            AutomationException.class,
            () ->
                p.automate(
                    AutomateOptions.defaults()
                        .withApprovals(Set.of(), dir.resolve("approvals.json"))));
    assertTrue(e.getMessage().startsWith(dir.resolve("approvals.json") + ": "), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void localModeRecordsGatesWithoutEnforcingThem() {
    RunManifest m = new Project(dir).automate();
    assertEquals(RunManifest.Outcome.PASSED, m.outcome());
    assertEquals(List.of("analysis", "archive"), m.policy().approvalGates());
    assertEquals(List.of("max_runtime_minutes", "redaction_profile"), m.policy().enforced());
    RunManifest approved =
        new Project(dir)
            .automate(AutomateOptions.defaults().withApprovals(Set.of(StageName.ARCHIVE), null));
    assertEquals(1, approved.policy().approvals().size());
    assertEquals(m.policy().policyId(), approved.policy().policyId());
  }

  @Test
  void requiresApprovalEnforcesTheGatesInLocalMode() {
    Project p = new Project(dir).with("policy", "[policy]\nrequires_approval = true\n");
    RunManifest m = p.automate();
    assertEquals(StepRecord.Status.REFUSED, step(m, StageName.ARCHIVE).status());
    assertTrue(step(m, StageName.ARCHIVE).notes().getFirst().contains("gated in local mode"));
  }

  @Test
  void cloudModeGatesIntakeFirst() {
    RunManifest m =
        new Project(dir).with("policy", "[policy]\nexecution_mode = \"cloud\"\n").automate();
    assertEquals(StepRecord.Status.REFUSED, step(m, StageName.INTAKE).status());
    for (StepRecord s : m.steps().subList(1, m.steps().size())) {
      assertTrue(
          Set.of(StepRecord.Status.SKIPPED).contains(s.status()), s.name() + " " + s.status());
    }
    assertEquals(List.of("intake", "analysis", "run", "archive"), m.policy().approvalGates());
  }

  @Test
  void theShippedPolicyDataIsConsistent() {
    Set<String> names = new HashSet<>();
    for (String name : dev.recomp.core.internal.PolicyTable.profileNames()) {
      RedactionProfile profile = RedactionProfile.named(name);
      assertEquals(name, profile.name());
      names.add(name);
    }
    for (AutomationConfig.Track track : AutomationConfig.Track.values()) {
      RedactionProfile d =
          RedactionProfile.named(dev.recomp.core.internal.PolicyTable.defaultProfile(track));
      assertTrue(d.tracks().contains(track), track + " default is not allowed on " + track);
    }
    for (String name : names) {
      RedactionProfile profile = RedactionProfile.named(name);
      if (profile.tracks().contains(AutomationConfig.Track.RETAIL_PILOT)) {
        for (RedactionProfile.Content c : RedactionProfile.Content.values()) {
          assertFalse(
              profile.allows(c)
                  && c != RedactionProfile.Content.RECORDS
                  && c != RedactionProfile.Content.LOGS,
              name + " lets " + c + " of a retail title leave the machine");
        }
        assertEquals(RedactionProfile.Paths.HASHED, profile.paths());
        assertEquals(RedactionProfile.Titles.HASHED, profile.titles());
      }
    }
  }

  /** The 1-based line of the config that contains {@code text}. */
  private static int lineOf(Project p, String text) {
    List<String> lines;
    try {
      lines = Files.readAllLines(p.config());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in the config");
  }

  String provenance(String sha256) {
    try {
      return """
          schema_version = 1

          [title]
          name = "%s"
          track = "retail"

          [[inputs]]
          path = "prog.elf"
          sha256 = "%s"
          size = %d
          format = "elf"
          role = "main"
          """
          .formatted(TITLE, sha256, Files.size(dir.resolve("prog.elf")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aRetailInputThatDiffersFromItsPinIsRefusedAtIntake() {
    Project p = retail();
    p.write("provenance.toml", provenance("0".repeat(64)));
    RunManifest m = p.automate();
    StepRecord intake = step(m, StageName.INTAKE);
    assertEquals(StepRecord.Status.FAILED, intake.status());
    assertTrue(
        intake.notes().getLast().contains("differs from the pinned"), intake.notes().toString());
    assertEquals(RunManifest.Outcome.FAILED, m.outcome());
  }

  private static String approvals(String sha) {
    return """
        {
          "schema_version": 1,
          "approvals": [
            {"stage": "archive", "binary_sha256": "%s", "approved_by": "Ada",
             "reason": "bundle for the issue tracker"}
          ]
        }
        """
        .formatted(sha);
  }

  private static int distinct(byte[] bytes) {
    Set<Byte> seen = new HashSet<>();
    for (byte b : bytes) {
      seen.add(b);
    }
    return seen.size();
  }
}
