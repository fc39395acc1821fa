package dev.recomp.core;

import static dev.recomp.core.Project.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.ContentStore;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.StepRecord;
import dev.recomp.manifest.ValidationReportRef;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomateTest {
  @TempDir Path dir;

  static final Set<StageName> EXECUTED_STAGES =
      EnumSet.of(
          StageName.INTAKE,
          StageName.LIFT,
          StageName.BUILD,
          StageName.RUN,
          StageName.VALIDATE,
          StageName.ARCHIVE);

  static Set<StageName> hits(RunManifest m) {
    Set<StageName> hits = EnumSet.noneOf(StageName.class);
    m.steps().stream()
        .filter(StepRecord::cacheHit)
        .forEach(s -> hits.add(StageName.parse(s.name())));
    return hits;
  }

  @Test
  void firstRunExecutesEverythingAndPasses() throws Exception {
    Project p = new Project(dir);
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(Set.of(), hits(m));
    assertEquals(StepRecord.Status.SKIPPED, step(m, StageName.ANALYSIS).status());
    for (StageName s : EXECUTED_STAGES) {
      assertEquals(StepRecord.Status.SUCCEEDED, step(m, s).status(), s.wire());
      assertEquals(1, step(m, s).stageAttempt());
    }
    assertEquals("hello world\n", Files.readString(p.work().resolve("run/stdout")));
    assertEquals(ValidationReportRef.Verdict.PASSED, m.validationReport().verdict());
    assertEquals(m, RunManifest.read(p.work().resolve("run-manifest.json")));
    ArtifactIndex index = ArtifactIndex.read(p.work().resolve("artifact-index.json"));
    assertEquals(m.artifacts(), index.artifacts());
    for (ArtifactRecord a : m.artifacts()) {
      assertTrue(Files.isRegularFile(p.work().resolve(a.path())), a.path());
    }
    assertTrue(m.artifacts().stream().anyMatch(a -> a.role().equals("archive")));
    assertTrue(m.toolVersions().containsKey("sh"), m.toolVersions().toString());
    assertEquals(List.of("max_runtime_minutes", "redaction_profile"), m.policy().enforced());
    assertEquals(
        List.of("sh", "-c", "cat {intake_dir}/inputs.json > {stage_dir}/module.json"),
        step(m, StageName.LIFT).command());
  }

  @Test
  void secondRunIsAllCacheHitsAndTheManifestIsStable() {
    Project p = new Project(dir);
    RunManifest first = p.automate();
    RunManifest second = p.automate();
    RunManifest third = p.automate();
    assertEquals(EXECUTED_STAGES, hits(second));
    assertEquals(Project.stable(second), Project.stable(third));
    assertEquals(
        Project.stable(first),
        Project.stable(second).replace("\"cache_hit\": true", "\"cache_hit\": false"),
        "a cache hit differs from the execution it replays only in cache_hit");
    assertNotEquals(first.runId(), second.runId());
  }

  @Test
  void freshWorkRootsGiveIdenticalManifestsAndArchives() {
    RunManifest a = new Project(dir.resolve("a")).automate();
    RunManifest b = new Project(dir.resolve("b")).automate();
    assertEquals(Project.stable(a), Project.stable(b));
  }

  @Test
  void changingOnlyTheRunCommandRerunsRunOnward() {
    Project p =
        new Project(dir)
            .with("run", "[run]\nargs = [\"world\"]\ncommand = [\"sh\", \"{build_dir}/app\"]\n");
    p.automate();
    RunManifest m =
        p.with(
                "run",
                "[run]\nargs = [\"world\"]\ncommand = [\"sh\", \"-x\", \"{build_dir}/app\"]\n")
            .automate();
    assertEquals(EnumSet.of(StageName.INTAKE, StageName.LIFT, StageName.BUILD), hits(m));
    assertEquals(
        2, step(m, StageName.RUN).stageAttempt() + step(m, StageName.VALIDATE).stageAttempt());
    assertEquals(RunManifest.Outcome.PASSED, m.outcome());
  }

  @Test
  void aCommandChangeWithIdenticalOutputsRerunsOnlyThatStage() {
    Project p = new Project(dir);
    p.automate();
    RunManifest m =
        p.with(
                "lift",
                Project.LIFT.replace(
                    "cat {intake_dir}/inputs.json >", "cat < {intake_dir}/inputs.json >"))
            .automate();
    assertFalse(step(m, StageName.LIFT).cacheHit());
    assertEquals(
        EnumSet.of(
            StageName.INTAKE,
            StageName.BUILD,
            StageName.RUN,
            StageName.VALIDATE,
            StageName.ARCHIVE),
        hits(m));
  }

  @Test
  void forceReExecutesOneStageAndUntilStopsEarly() {
    Project p = new Project(dir);
    p.automate();
    RunManifest forced = p.automate(new AutomateOptions(Set.of(StageName.BUILD), null, null));
    assertFalse(step(forced, StageName.BUILD).cacheHit());
    assertEquals(2, step(forced, StageName.BUILD).stageAttempt());
    assertTrue(step(forced, StageName.RUN).cacheHit());
    RunManifest from = p.automate(new AutomateOptions(Set.of(), StageName.RUN, null));
    assertEquals(EnumSet.of(StageName.INTAKE, StageName.LIFT, StageName.BUILD), hits(from));
    RunManifest until = p.automate(new AutomateOptions(Set.of(), null, StageName.BUILD));
    assertEquals(StepRecord.Status.SKIPPED, step(until, StageName.RUN).status());
    assertEquals(RunManifest.Outcome.INCOMPLETE, until.outcome());
  }

  @Test
  void corruptedCacheBlobIsDetectedAndTheStageReruns() throws Exception {
    Project p = new Project(dir);
    RunManifest first = p.automate();
    String sha =
        step(first, StageName.RUN).outputs().stream()
            .filter(o -> o.path().equals("run/stdout"))
            .findFirst()
            .orElseThrow()
            .sha256();
    ContentStore store = new ContentStore(p.work().resolve(".recomp/cas"));
    Files.writeString(store.blobPath(sha), "tampered\n");
    RunManifest second = p.automate();
    StepRecord run = step(second, StageName.RUN);
    assertFalse(run.cacheHit());
    assertTrue(
        run.notes().stream().anyMatch(n -> n.contains("corrupt cache blob " + sha)),
        run.notes().toString());
    assertEquals("hello world\n", Files.readString(p.work().resolve("run/stdout")));
    assertTrue(store.contains(sha), "re-run stored the correct bytes again");
    assertEquals(RunManifest.Outcome.PASSED, second.outcome());
  }

  @Test
  void deletedOutputIsRestoredFromTheCache() throws Exception {
    Project p = new Project(dir);
    p.automate();
    Files.delete(p.work().resolve("build/app"));
    RunManifest m = p.automate();
    assertEquals(EXECUTED_STAGES, hits(m));
    assertTrue(ContentStore.isExecutable(p.work().resolve("build/app")));
  }

  @Test
  void failingValidationFailsTheRunButKeepsTheEvidence() {
    Project p = new Project(dir);
    p.write("expected.stdout", "hello there\n");
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.FAILED, m.outcome());
    assertEquals(ValidationReportRef.Verdict.FAILED, m.validationReport().verdict());
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.ARCHIVE).status());
  }

  @Test
  void failingCommandFailsItsStageAndSkipsTheRest() {
    Project p =
        new Project(dir)
            .with(
                "build",
                "[build]\ncommand = [\"sh\", \"-c\", \"echo broken >&2; exit 3\"]\noutputs = [\"app\"]\n");
    RunManifest m = p.automate();
    StepRecord build = step(m, StageName.BUILD);
    assertEquals(StepRecord.Status.FAILED, build.status());
    assertTrue(build.notes().getLast().contains("exited with status 3"), build.notes().toString());
    assertEquals("logs/build.stderr.log", build.stderrLog());
    assertEquals(StepRecord.Status.SKIPPED, step(m, StageName.RUN).status());
    assertEquals(RunManifest.Outcome.FAILED, m.outcome());
    assertNull(m.validationReport());
  }

  @Test
  void missingDeclaredOutputFailsTheStage() {
    Project p =
        new Project(dir)
            .with("build", "[build]\ncommand = [\"sh\", \"-c\", \"true\"]\noutputs = [\"app\"]\n");
    StepRecord build = step(p.automate(), StageName.BUILD);
    assertEquals(StepRecord.Status.FAILED, build.status());
    assertTrue(
        build.notes().getLast().contains("build/app was not created"), build.notes().toString());
  }

  @Test
  void stageOverItsTimeLimitIsKilledAndFails() {
    Project p =
        new Project(dir)
            .with(
                "build",
                "[build]\ncommand = [\"sh\", \"-c\", \"sleep 20\"]\noutputs = [\"app\"]\ntimeout_seconds = 1\n");
    long start = System.nanoTime();
    StepRecord build = step(p.automate(), StageName.BUILD);
    assertTrue(System.nanoTime() - start < 15_000_000_000L);
    assertTrue(
        build.notes().getLast().contains("exceeded the time limit of 1 s"),
        build.notes().toString());
  }

  @Test
  void builtInLiftAndBuildAnalyzeInPlaceWhenTheAnalysisStageIsOff() throws Exception {
    Project p =
        new Project(dir)
            .with("lift", "")
            .with("build", "")
            .with("validate", "[validate]\nenabled = false\n");
    RunManifest m = p.automate();
    StepRecord lift = step(m, StageName.LIFT);
    assertEquals(StepRecord.Status.SUCCEEDED, lift.status(), lift.notes().toString());
    assertTrue(
        lift.notes().toString().contains("no analysis/functions.json: ran the built-in analysis"),
        lift.notes().toString());
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.BUILD).status());
    assertTrue(Files.isRegularFile(p.work().resolve("build/app.jar")));
    assertEquals(StepRecord.Status.SUCCEEDED, step(m, StageName.RUN).status());
    assertEquals("42\n", Files.readString(p.work().resolve("run/exit_status")), "tiny exits 42");
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
  }

  @Test
  void wrongDeclaredFormatFailsIntake() {
    Project p = new Project(dir);
    p.sections.put("head", p.sections.get("head").replace("format = \"elf\"", "format = \"nro\""));
    StepRecord intake = step(p.automate(), StageName.INTAKE);
    assertEquals(StepRecord.Status.FAILED, intake.status());
    assertTrue(intake.notes().getLast().contains("is elf by its magic"), intake.notes().toString());
  }

  @Test
  void truncatedBinaryFailsIntakeNamingTheOffset() {
    Project p = new Project(dir);
    p.write("prog.elf", "\u007fELF but nothing more\n");
    StepRecord intake = step(p.automate(), StageName.INTAKE);
    assertEquals(StepRecord.Status.FAILED, intake.status());
    assertTrue(
        intake.notes().getLast().contains("prog.elf: ELF header at offset 0x0"),
        intake.notes().toString());
  }

  @Test
  void intakeDescribesTheImage() throws Exception {
    Project p = new Project(dir);
    RunManifest m = p.automate();
    assertTrue(
        m.artifacts().stream()
            .anyMatch(
                a -> a.path().equals("intake/image.json") && a.role().equals("image_description")));
    assertTrue(
        Files.readString(p.work().resolve("intake/image.json")).contains("recomp.intake.image/1"));
  }

  @Test
  void busyWorkRootFailsClearly() throws Exception {
    Project p = new Project(dir);
    Path lock = p.work().resolve(".recomp/lock");
    Files.createDirectories(lock.getParent());
    try (FileChannel channel =
            FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        var held = channel.lock()) {
      assertTrue(held.isValid());
      AutomationException e = assertThrows(AutomationException.class, p::automate);
      assertTrue(e.getMessage().contains("is in use by another recomp automate"), e.getMessage());
    }
    assertEquals(RunManifest.Outcome.PASSED, p.automate().outcome());
  }

  @Test
  void dryRunSaysWhatWouldRunAndWhy() throws Exception {
    Project p = new Project(dir);
    p.automate();
    p.with("run", "[run]\nargs = [\"there\"]\n");
    List<PlannedStage> plan = Recomp.plan(p.config(), AutomateOptions.defaults());
    assertEquals(PlannedStage.Action.CACHED, plan.get(StageName.BUILD.ordinal()).action());
    PlannedStage run = plan.get(StageName.RUN.ordinal());
    assertEquals(PlannedStage.Action.EXECUTE, run.action());
    assertEquals("its configuration changed", run.reason());
    assertEquals(
        PlannedStage.Action.DEPENDS_ON_EARLIER, plan.get(StageName.VALIDATE.ordinal()).action());
    assertFalse(Files.readString(p.work().resolve("run/stdout")).contains("there"));
  }

  @Test
  void anExternalArchiverReplacesTheBuiltIn() throws Exception {
    Project p =
        new Project(dir)
            .with(
                "archive",
                "[archive]\ncommand = [\"sh\", \"-c\", \"ls $RECOMP_RUN_DIR > {stage_dir}/listing\"]\n"
                    + "outputs = [\"listing\"]\n");
    RunManifest m = p.automate();
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    assertEquals(
        "exit_status\nstderr\nstdout\n", Files.readString(p.work().resolve("archive/listing")));
  }

  @Test
  void archiveIsByteIdenticalAcrossFreshWorkRoots() throws Exception {
    Project a = new Project(dir.resolve("a"));
    Project b = new Project(dir.resolve("b"));
    a.automate();
    b.automate();
    assertArrayEquals(
        Files.readAllBytes(a.work().resolve("archive/run.tar.gz")),
        Files.readAllBytes(b.work().resolve("archive/run.tar.gz")));
  }
}
