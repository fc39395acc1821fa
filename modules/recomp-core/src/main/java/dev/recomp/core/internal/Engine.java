package dev.recomp.core.internal;

import dev.recomp.core.AutomateOptions;
import dev.recomp.core.AutomationConfig;
import dev.recomp.core.AutomationException;
import dev.recomp.core.PlannedStage;
import dev.recomp.core.ProgressListener;
import dev.recomp.core.RedactionProfile;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.intake.ExternalUnpacker;
import dev.recomp.intake.IntakeException;
import dev.recomp.manifest.ActionCache;
import dev.recomp.manifest.ActionResult;
import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.ContentStore;
import dev.recomp.manifest.Fingerprint;
import dev.recomp.manifest.InputRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.OutputRecord;
import dev.recomp.manifest.PolicyRecord;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Sha256;
import dev.recomp.manifest.StepRecord;
import dev.recomp.manifest.ValidationReportRef;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the stages of one automation.toml over its work root: keys each stage, serves verified cache
 * hits, executes misses, and writes run-manifest.json and artifact-index.json.
 */
public final class Engine {
  private final ConfigLoader.Loaded loaded;
  private final AutomationConfig config;
  private final Path workRoot;
  private final AutomateOptions options;
  private final ProgressListener listener;
  private final ToolVersions tools = new ToolVersions();
  private final RedactionProfile profile;
  private final Map<StageName, PolicyRecord.Approval> approvals;
  private final boolean gatesEnforced;

  private final SortedMap<String, InputRecord> inputs = new TreeMap<>();
  private final SortedMap<String, String> toolVersions = new TreeMap<>();
  private final Map<StageName, StepRecord> steps = new EnumMap<>(StageName.class);
  private final Map<Path, InputRecord> hashed = new HashMap<>();

  /** An engine for the config at {@code configFile}. */
  public Engine(Path configFile, AutomateOptions options, ProgressListener listener) {
    this.loaded = ConfigLoader.load(configFile);
    this.config = loaded.config();
    this.workRoot = loaded.resolve(config.work().root()).toAbsolutePath().normalize();
    if (config.track() == AutomationConfig.Track.RETAIL_PILOT) {
      try {
        ExternalUnpacker.requireOutsideGitWorkTree(workRoot);
      } catch (IntakeException e) {
        throw new AutomationException(configFile + ": work.root: " + e.getMessage());
      }
    }
    this.options = options;
    this.listener = listener;
    this.profile = RedactionProfile.of(config);
    this.approvals = Approvals.of(options, binarySha256());
    this.gatesEnforced =
        PolicyTable.enforced(config.policy().executionMode()) || config.policy().requiresApproval();
  }

  /** Runs every stage and returns the manifest it wrote. */
  public RunManifest run() {
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (WorkRoot root = WorkRoot.open(workRoot)) {
      tools.rememberIn(root.internal().resolve("tools.json"));
      recordConfiguredInputs();
      toolVersions.put("recomp", ToolVersions.recomp());
      toolVersions.put("java", ToolVersions.java());
      String stopReason = null;
      boolean incomplete = false;
      for (StageName stage : StageTable.order()) {
        listener.stageStarted(stage);
        StepRecord step;
        if (StageTable.disabled(stage, config)) {
          step = skipped(stage, "disabled in automation.toml");
        } else if (stopReason != null) {
          step = skipped(stage, stopReason);
        } else if (options.beyondUntil(stage)) {
          step = skipped(stage, "after --until " + options.until());
          incomplete = true;
        } else {
          Optional<Stage> implementation = StageTable.implementation(stage, config);
          Optional<String> refusal = refusal(stage);
          if (implementation.isEmpty()) {
            step = unavailable(stage);
            if (!StageTable.row(stage).optional()) {
              stopReason = "not run: " + stage + " is not available";
              incomplete = true;
            }
          } else if (refusal.isPresent()) {
            step = refused(stage, refusal.get());
            stopReason = "not run: " + stage + " was refused";
            incomplete = true;
          } else {
            step = runStage(root, implementation.get());
            if (step.status() == StepRecord.Status.FAILED) {
              stopReason = "not run: " + stage + " failed";
            }
          }
        }
        steps.put(stage, step);
        listener.stageFinished(step);
      }
      return writeManifest(started, incomplete);
    }
  }

  /** What {@link #run()} would do, stage by stage, without executing anything. */
  public List<PlannedStage> plan() {
    if (!Files.isDirectory(workRoot.resolve(".recomp"))) {
      return firstPlan();
    }
    List<PlannedStage> plan = new ArrayList<>();
    try (WorkRoot root = WorkRoot.open(workRoot)) {
      tools.rememberIn(root.internal().resolve("tools.json"));
      recordConfiguredInputs();
      StageName executesFirst = null;
      boolean stopped = false;
      for (StageName stage : StageTable.order()) {
        Optional<Stage> implementation = StageTable.implementation(stage, config);
        Optional<PlannedStage> notRun = notRun(stage, stopped);
        if (notRun.isPresent()) {
          plan.add(notRun.get());
          if (notRun.get().action() == PlannedStage.Action.UNAVAILABLE) {
            stopped = !StageTable.row(stage).optional();
            steps.put(stage, unavailable(stage));
          }
          stopped |= notRun.get().action() == PlannedStage.Action.REFUSED;
        } else if (executesFirst != null && dependsOn(stage, executesFirst)) {
          plan.add(
              new PlannedStage(
                  stage,
                  PlannedStage.Action.DEPENDS_ON_EARLIER,
                  "reads outputs of "
                      + executesFirst
                      + ", which executes first; cached afterwards if they come out unchanged"));
        } else {
          Keyed keyed = key(root, implementation.get(), new Context(root, stage));
          if (options.forces(stage)) {
            plan.add(new PlannedStage(stage, PlannedStage.Action.EXECUTE, forceReason(stage)));
            executesFirst = executesFirst == null ? stage : executesFirst;
          } else if (root.cache().lookup(keyed.key()) instanceof ActionCache.Lookup.Hit hit) {
            plan.add(
                new PlannedStage(
                    stage,
                    PlannedStage.Action.CACHED,
                    "cache key " + keyed.key().substring(0, 12) + " verified"));
            steps.put(stage, hitStep(stage, keyed, hit.result(), 0, List.of()));
          } else {
            plan.add(
                new PlannedStage(stage, PlannedStage.Action.EXECUTE, whyMiss(root, stage, keyed)));
            executesFirst = executesFirst == null ? stage : executesFirst;
          }
        }
      }
    }
    return plan;
  }

  /** The plan for a work root that does not exist yet, which a dry run must not create. */
  private List<PlannedStage> firstPlan() {
    List<PlannedStage> plan = new ArrayList<>();
    boolean stopped = false;
    for (StageName stage : StageTable.order()) {
      Optional<PlannedStage> notRun = notRun(stage, stopped);
      if (notRun.isPresent()) {
        plan.add(notRun.get());
        if (notRun.get().action() == PlannedStage.Action.UNAVAILABLE) {
          stopped = !StageTable.row(stage).optional();
        }
        stopped |= notRun.get().action() == PlannedStage.Action.REFUSED;
      } else {
        plan.add(
            new PlannedStage(
                stage, PlannedStage.Action.EXECUTE, "not run before in this work root"));
      }
    }
    return plan;
  }

  /**
   * Why a stage will not run whatever the cache holds: switched off, past {@code --until} or an
   * unavailable required stage, or with no implementation; empty when it can run.
   */
  private Optional<PlannedStage> notRun(StageName stage, boolean stopped) {
    if (StageTable.disabled(stage, config)) {
      return Optional.of(
          new PlannedStage(stage, PlannedStage.Action.SKIPPED, "disabled in automation.toml"));
    }
    if (stopped || options.beyondUntil(stage)) {
      return Optional.of(
          new PlannedStage(
              stage,
              PlannedStage.Action.SKIPPED,
              stopped
                  ? "an earlier stage is not available or was refused"
                  : "after --until " + options.until()));
    }
    if (StageTable.implementation(stage, config).isEmpty()) {
      return Optional.of(
          new PlannedStage(stage, PlannedStage.Action.UNAVAILABLE, unavailableNote(stage)));
    }
    return refusal(stage).map(why -> new PlannedStage(stage, PlannedStage.Action.REFUSED, why));
  }

  /**
   * Why the execution mode's approval gate stops {@code stage}: it is gated, the gates are enforced
   * (cloud, hybrid, or {@code requires_approval}), and no approval was given. Empty when it may
   * run.
   */
  private Optional<String> refusal(StageName stage) {
    var mode = config.policy().executionMode();
    if (!gatesEnforced || approvals.containsKey(stage)) {
      return Optional.empty();
    }
    return PolicyTable.gateReason(mode, stage)
        .map(
            why ->
                "approval required: "
                    + stage
                    + " is gated in "
                    + mode.name().toLowerCase(Locale.ROOT)
                    + " mode ("
                    + why
                    + "); approve it with --approve "
                    + stage
                    + ", or an --approvals file entry for stage "
                    + stage
                    + " and binary_sha256 "
                    + binarySha256());
  }

  private String binarySha256() {
    return recordInput(loaded.resolve(config.inputs().binary()), InputRecord.Role.BINARY).sha256();
  }

  private boolean dependsOn(StageName stage, StageName earlier) {
    List<StageName> frontier = new ArrayList<>(List.of(stage));
    while (!frontier.isEmpty()) {
      StageName s = frontier.removeLast();
      for (StageName read : readsOf(s)) {
        if (read == earlier) {
          return true;
        }
        frontier.add(read);
      }
    }
    return false;
  }

  private String forceReason(StageName stage) {
    return options.force().contains(stage) ? "--force " + stage : "--from " + options.from();
  }

  // ---- one stage -------------------------------------------------------------------------

  /** A stage's key and what went into it. */
  record Keyed(String key, Stage.Declaration declaration, KeyParts parts) {}

  /** The parts of a key, kept per stage so that a miss can say what changed. */
  record KeyParts(String signature, Map<String, String> tools, Map<String, String> reads) {}

  private StepRecord runStage(WorkRoot root, Stage stage) {
    StageName name = stage.name();
    long start = System.nanoTime();
    Context context = new Context(root, name);
    Keyed keyed;
    try {
      keyed = key(root, stage, context);
    } catch (StageException e) {
      return new StepRecord(
          name.wire(),
          StepRecord.Status.FAILED,
          0,
          false,
          null,
          null,
          null,
          null,
          List.of(),
          elapsed(start),
          List.of(e.getMessage()));
    }
    List<String> notes = new ArrayList<>();
    String reason;
    if (options.forces(name)) {
      reason = forceReason(name);
    } else {
      switch (root.cache().lookup(keyed.key())) {
        case ActionCache.Lookup.Hit hit -> {
          try {
            restore(root, name, hit.result());
            rememberKey(root, name, keyed);
            return hitStep(name, keyed, hit.result(), elapsed(start), List.of());
          } catch (ManifestException e) {
            root.cache().evict(keyed.key());
            notes.add(e.getMessage() + "; re-running");
            reason = "cache entry could not be restored";
          }
        }
        case ActionCache.Lookup.Corrupt corrupt -> {
          notes.add(corrupt.reason() + "; re-running");
          reason = "cache entry corrupt";
        }
        case ActionCache.Lookup.Miss miss -> reason = whyMiss(root, name, keyed);
      }
    }
    listener.stageExecuting(name, reason);
    int attempt = root.cache().beginAttempt(keyed.key());
    rememberKey(root, name, keyed);
    try {
      clean(root.stageDir(name));
      Files.deleteIfExists(root.stdoutLog(name));
      Files.deleteIfExists(root.stderrLog(name));
      Files.createDirectories(root.stageDir(name));
      List<String> produced = stage.execute(context);
      notes.addAll(context.notes);
      ActionResult result = store(root, name, keyed, attempt, produced, notes);
      root.cache().record(result);
      return new StepRecord(
          name.wire(),
          StepRecord.Status.SUCCEEDED,
          attempt,
          false,
          keyed.key(),
          keyed.declaration().command(),
          logPath(result.stdoutLog()),
          logPath(result.stderrLog()),
          outputs(result),
          elapsed(start),
          notes);
    } catch (StageException | ManifestException e) {
      notes.addAll(context.notes);
      notes.add(e.getMessage());
      return new StepRecord(
          name.wire(),
          StepRecord.Status.FAILED,
          attempt,
          false,
          keyed.key(),
          keyed.declaration().command(),
          existingLog(root.stdoutLog(name)),
          existingLog(root.stderrLog(name)),
          List.of(),
          elapsed(start),
          notes);
    } catch (IOException e) {
      throw new AutomationException(root.stageDir(name) + ": " + e.getMessage(), e);
    }
  }

  private Keyed key(WorkRoot root, Stage stage, Context context) {
    StageName name = stage.name();
    Stage.Declaration declaration = stage.declare(context);
    Map<String, String> reads = new TreeMap<>();
    for (Stage.Read read : declaration.reads()) {
      InputRecord input = recordInput(read.file(), read.role());
      reads.put("input:" + input.path(), input.sha256());
    }
    for (StageName upstream : readsOf(name)) {
      StepRecord step = steps.get(upstream);
      if (step == null) {
        continue;
      }
      for (OutputRecord out : step.outputs()) {
        reads.put(out.path(), out.sha256());
      }
      if (StageTable.row(name).readsLogs()) {
        logRecord(step.stdoutLog()).ifPresent(o -> reads.put(o.path(), o.sha256()));
        logRecord(step.stderrLog()).ifPresent(o -> reads.put(o.path(), o.sha256()));
      }
    }
    Map<String, String> toolTuple = new TreeMap<>();
    toolTuple.put("recomp", ToolVersions.recomp());
    toolTuple.put("java", ToolVersions.java());
    for (String tool : declaration.tools()) {
      Path resolved = ToolVersions.resolve(tool, config.work().path(), workRoot);
      String version = tools.version(tool, resolved);
      String toolName = resolved.getFileName().toString();
      toolTuple.put(toolName, version);
      toolVersions.put(toolName, version);
    }
    Fingerprint fp =
        Fingerprint.of("recomp.stage.v1")
            .add("stage", name.wire())
            .add("signature", declaration.signature());
    toolTuple.forEach((tool, version) -> fp.add("tool:" + tool, version));
    reads.forEach((path, sha) -> fp.add("read:" + path, sha));
    return new Keyed(
        fp.hex(), declaration, new KeyParts(declaration.signature(), toolTuple, reads));
  }

  /**
   * The stages whose outputs {@code stage} reads: the table's, plus stage dirs its command names.
   */
  private List<StageName> readsOf(StageName stage) {
    var reads = EnumSet.noneOf(StageName.class);
    reads.addAll(StageTable.row(stage).reads());
    StageTable.external(stage, config)
        .ifPresent(c -> reads.addAll(Placeholders.stagesUsed(c.command())));
    if (stage == StageName.RUN && config.run().command() != null) {
      reads.addAll(Placeholders.stagesUsed(config.run().command()));
    }
    if (stage == StageName.VALIDATE && config.validate().referenceCommand() != null) {
      reads.addAll(Placeholders.stagesUsed(config.validate().referenceCommand()));
    }
    reads.removeIf(s -> s.compareTo(stage) >= 0);
    return List.copyOf(reads);
  }

  private String whyMiss(WorkRoot root, StageName stage, Keyed keyed) {
    Path record = root.keyRecord(stage);
    if (!Files.isRegularFile(record)) {
      return "not run before in this work root";
    }
    KeyParts before;
    try {
      before =
          Json.bind(
              Json.parse(Files.readAllBytes(record), record.toString()),
              KeyParts.class,
              record.toString());
    } catch (IOException | ManifestException e) {
      return "no cache entry for its key";
    }
    KeyParts now = keyed.parts();
    if (!before.signature().equals(now.signature())) {
      return "its configuration changed";
    }
    for (var tool : now.tools().entrySet()) {
      if (!tool.getValue().equals(before.tools().get(tool.getKey()))) {
        return "tool " + tool.getKey() + " changed (" + tool.getValue() + ")";
      }
    }
    for (var read : now.reads().entrySet()) {
      if (!read.getValue().equals(before.reads().get(read.getKey()))) {
        return read.getKey().replaceFirst("^input:", "") + " changed";
      }
    }
    return "no cache entry for its key";
  }

  private void rememberKey(WorkRoot root, StageName stage, Keyed keyed) {
    AtomicFiles.write(root.keyRecord(stage), Json.canonical(keyed.parts()));
  }

  private void restore(WorkRoot root, StageName stage, ActionResult result) {
    ContentStore store = root.store();
    Set<Path> keep = new HashSet<>();
    for (ActionResult.CachedFile file : result.files()) {
      Path target = workRoot.resolve(file.path());
      store.restore(file.sha256(), target, file.executable());
      keep.add(target);
    }
    removeOthers(root.stageDir(stage), keep);
    for (Path log : List.of(root.stdoutLog(stage), root.stderrLog(stage))) {
      if (!keep.contains(log)) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException e) {
          throw new ManifestException(log + ": cannot delete: " + e.getMessage(), e);
        }
      }
    }
  }

  private ActionResult store(
      WorkRoot root,
      StageName stage,
      Keyed keyed,
      int attempt,
      List<String> produced,
      List<String> notes) {
    List<ActionResult.CachedFile> outputs = new ArrayList<>();
    Path stageDir = root.stageDir(stage);
    for (String relative : produced.stream().distinct().toList()) {
      Path file = stageDir.resolve(relative).normalize();
      if (!file.startsWith(stageDir) || !Files.isRegularFile(file)) {
        throw new StageException("declared output " + stage + "/" + relative + " was not created");
      }
      outputs.add(cached(root.store(), file));
    }
    ActionResult.CachedFile out =
        Files.isRegularFile(root.stdoutLog(stage))
            ? cached(root.store(), root.stdoutLog(stage))
            : null;
    ActionResult.CachedFile err =
        Files.isRegularFile(root.stderrLog(stage))
            ? cached(root.store(), root.stderrLog(stage))
            : null;
    List<String> versions =
        keyed.parts().tools().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .toList();
    return new ActionResult(keyed.key(), stage.wire(), attempt, outputs, out, err, versions, notes);
  }

  private ActionResult.CachedFile cached(ContentStore store, Path file) {
    String sha = store.put(file);
    try {
      return new ActionResult.CachedFile(
          relative(file), sha, Files.size(file), ContentStore.isExecutable(file));
    } catch (IOException e) {
      throw new ManifestException(file + ": " + e.getMessage(), e);
    }
  }

  private StepRecord hitStep(
      StageName name, Keyed keyed, ActionResult result, long durationMs, List<String> notes) {
    return new StepRecord(
        name.wire(),
        StepRecord.Status.SUCCEEDED,
        result.stageAttempt(),
        true,
        keyed.key(),
        keyed.declaration().command(),
        logPath(result.stdoutLog()),
        logPath(result.stderrLog()),
        outputs(result),
        durationMs,
        concat(result.notes(), notes));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static List<OutputRecord> outputs(ActionResult result) {
    return result.outputs().stream()
        .map(f -> new OutputRecord(f.path(), f.sha256(), f.size()))
        .toList();
  }

  private static String logPath(ActionResult.CachedFile log) {
    return log == null ? null : log.path();
  }

  private Optional<OutputRecord> logRecord(String path) {
    if (path == null) {
      return Optional.empty();
    }
    Path file = workRoot.resolve(path);
    try {
      return Optional.of(new OutputRecord(path, Sha256.of(file), Files.size(file)));
    } catch (IOException e) {
      throw new ManifestException(file + ": " + e.getMessage(), e);
    }
  }

  private String existingLog(Path log) {
    return Files.isRegularFile(log) ? relative(log) : null;
  }

  private StepRecord skipped(StageName stage, String why) {
    return new StepRecord(
        stage.wire(),
        StepRecord.Status.SKIPPED,
        0,
        false,
        null,
        null,
        null,
        null,
        List.of(),
        0,
        List.of(why));
  }

  private StepRecord refused(StageName stage, String why) {
    return new StepRecord(
        stage.wire(),
        StepRecord.Status.REFUSED,
        0,
        false,
        null,
        null,
        null,
        null,
        List.of(),
        0,
        List.of(why));
  }

  private StepRecord unavailable(StageName stage) {
    return new StepRecord(
        stage.wire(),
        StepRecord.Status.UNAVAILABLE,
        0,
        false,
        null,
        null,
        null,
        null,
        List.of(),
        0,
        List.of(unavailableNote(stage)));
  }

  private static String unavailableNote(StageName stage) {
    return "the built-in "
        + stage
        + " stage is not available in this recomp version; set ["
        + stage
        + "] command = [...] to run an external one"
        + (StageTable.row(stage).optional() ? ", or enabled = false" : "");
  }

  private static long elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  // ---- inputs and the manifest ------------------------------------------------------------

  private void recordConfiguredInputs() {
    var in = config.inputs();
    recordInput(loaded.resolve(in.binary()), InputRecord.Role.BINARY);
    if (in.provenance() != null) {
      recordInput(loaded.resolve(in.provenance()), InputRecord.Role.PROVENANCE);
    }
    if (in.titleConfig() != null) {
      recordInput(loaded.resolve(in.titleConfig()), InputRecord.Role.TITLE_CONFIG);
    }
  }

  private InputRecord recordInput(Path file, InputRecord.Role role) {
    Path normalized = file.toAbsolutePath().normalize();
    InputRecord record =
        hashed.computeIfAbsent(
            normalized,
            f -> {
              try {
                return new InputRecord(configRelative(f), Sha256.of(f), Files.size(f), role);
              } catch (IOException e) {
                throw new AutomationException(f + ": cannot read: " + e.getMessage(), e);
              } catch (ManifestException e) {
                throw new AutomationException(e.getMessage(), e);
              }
            });
    inputs.putIfAbsent(record.path(), record);
    return record;
  }

  private String configRelative(Path file) {
    return loaded.configDir().relativize(file).toString();
  }

  private String relative(Path file) {
    return workRoot.relativize(file.toAbsolutePath().normalize()).toString();
  }

  private RunManifest writeManifest(Instant started, boolean incomplete) {
    boolean failed = steps.values().stream().anyMatch(s -> s.status() == StepRecord.Status.FAILED);
    List<ArtifactRecord> artifacts = new ArrayList<>();
    ValidationReportRef report = null;
    for (StepRecord step : steps.values()) {
      StageName stage = StageName.parse(step.name());
      boolean externalValidate =
          stage == StageName.VALIDATE && StageTable.external(stage, config).isPresent();
      for (int i = 0; i < step.outputs().size(); i++) {
        OutputRecord out = step.outputs().get(i);
        String role =
            externalValidate
                    && out.path()
                        .equals(stage.wire() + "/" + config.validate().outputs().getFirst())
                ? "validation_report"
                : StageTable.role(stage, out.path());
        artifacts.add(new ArtifactRecord(out.path(), out.sha256(), out.size(), role, stage.wire()));
        if (role.equals("validation_report") && step.status() == StepRecord.Status.SUCCEEDED) {
          report =
              new ValidationReportRef(
                  out.path(),
                  out.sha256(),
                  externalValidate
                      ? ValidationReportRef.Verdict.PASSED
                      : ValidateStage.verdictOf(workRoot.resolve(out.path())));
        }
      }
      logRecord(step.stdoutLog())
          .ifPresent(
              o ->
                  artifacts.add(
                      new ArtifactRecord(
                          o.path(), o.sha256(), o.size(), "log_stdout", stage.wire())));
      logRecord(step.stderrLog())
          .ifPresent(
              o ->
                  artifacts.add(
                      new ArtifactRecord(
                          o.path(), o.sha256(), o.size(), "log_stderr", stage.wire())));
    }
    artifacts.sort(Comparator.comparing(ArtifactRecord::path));
    boolean validationFailed =
        report != null && report.verdict() == ValidationReportRef.Verdict.FAILED;
    RunManifest.Outcome outcome =
        failed || validationFailed
            ? RunManifest.Outcome.FAILED
            : incomplete ? RunManifest.Outcome.INCOMPLETE : RunManifest.Outcome.PASSED;
    String fingerprint = inputFingerprint();
    RunManifest manifest =
        new RunManifest(
            RunManifest.SCHEMA_VERSION,
            runId(),
            started.toString(),
            outcome,
            fingerprint,
            config.policy().executionMode(),
            toolVersions,
            hostFingerprint(),
            policyRecord(),
            List.copyOf(inputs.values()),
            List.copyOf(steps.values()),
            artifacts,
            report);
    manifest.write(workRoot.resolve(RunManifest.FILE_NAME));
    String label =
        config.work().label() != null ? config.work().label() : workRoot.getFileName().toString();
    new ArtifactIndex(
            ArtifactIndex.SCHEMA_VERSION,
            label,
            RunManifest.FILE_NAME,
            report == null ? null : report.path(),
            null,
            artifacts)
        .write(workRoot.resolve(ArtifactIndex.FILE_NAME));
    return manifest;
  }

  private PolicyRecord policyRecord() {
    var p = config.policy();
    List<StageName> gated = PolicyTable.gatedStages(p.executionMode());
    List<String> enforced = new ArrayList<>(List.of("max_runtime_minutes", "redaction_profile"));
    if (gatesEnforced) {
      enforced.add("requires_approval");
    }
    return PolicyRecord.of(
        p.executionMode(),
        p.requiresApproval(),
        p.maxCostUsd(),
        p.maxRuntimeMinutes(),
        profile.name(),
        profile.version(),
        p.allowedModels(),
        p.runWindows(),
        gated.stream().map(StageName::wire).toList(),
        gated.stream().filter(approvals::containsKey).map(approvals::get).toList(),
        enforced);
  }

  private String inputFingerprint() {
    Fingerprint fp = Fingerprint.of("recomp.inputs.v1");
    for (InputRecord input : inputs.values()) {
      fp.add(input.role().name() + ":" + input.path(), input.sha256() + ":" + input.size());
    }
    return fp.hex();
  }

  private static String runId() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return "run-" + HexFormat.of().formatHex(random);
  }

  private static String hostFingerprint() {
    return Fingerprint.of("recomp.host")
        .add("host", hostName())
        .add("os", System.getProperty("os.name") + " " + System.getProperty("os.version"))
        .add("arch", System.getProperty("os.arch"))
        .hex();
  }

  /** The kernel's host name; no DNS lookup, which can stall for seconds on a misconfigured host. */
  private static String hostName() {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(kernel)) {
        return Files.readString(kernel).strip();
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void clean(Path dir) throws IOException {
    removeOthers(dir, Set.of());
  }

  private static void removeOthers(Path dir, Set<Path> keep) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (p.equals(dir) || keep.contains(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          try (Stream<Path> children = Files.list(p)) {
            if (children.findAny().isEmpty()) {
              Files.delete(p);
            }
          }
        } else {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      throw new ManifestException(dir + ": cannot clean: " + e.getMessage(), e);
    }
  }

  // ---- the context a stage sees -----------------------------------------------------------

  private final class Context implements StageContext {
    private final WorkRoot root;
    private final StageName stage;
    private final List<String> notes = new ArrayList<>();

    Context(WorkRoot root, StageName stage) {
      this.root = root;
      this.stage = stage;
    }

    @Override
    public AutomationConfig config() {
      return config;
    }

    @Override
    public Path configDir() {
      return loaded.configDir();
    }

    @Override
    public Path workRoot() {
      return workRoot;
    }

    @Override
    public Path stageDir() {
      return root.stageDir(stage);
    }

    @Override
    public Path stageDir(StageName other) {
      return root.stageDir(other);
    }

    @Override
    public Path binary() {
      return loaded.resolve(config.inputs().binary());
    }

    @Override
    public Path resolveConfigPath(String path) {
      return loaded.resolve(path);
    }

    @Override
    public List<Path> outputsOf(StageName other) {
      StepRecord step = steps.get(other);
      return step == null
          ? List.of()
          : step.outputs().stream().map(o -> workRoot.resolve(o.path())).toList();
    }

    @Override
    public List<Path> logsOf(StageName other) {
      StepRecord step = steps.get(other);
      if (step == null) {
        return List.of();
      }
      return Stream.of(step.stdoutLog(), step.stderrLog())
          .filter(Objects::nonNull)
          .map(workRoot::resolve)
          .toList();
    }

    @Override
    public Duration timeLimit() {
      Integer own =
          switch (stage) {
            case RUN -> config.run().timeoutSeconds();
            case VALIDATE -> config.validate().timeoutSeconds();
            default ->
                StageTable.external(stage, config)
                    .map(AutomationConfig.CommandStage::timeoutSeconds)
                    .orElse(null);
          };
      Duration policy = Duration.ofMinutes(config.policy().maxRuntimeMinutes());
      return own == null ? policy : min(Duration.ofSeconds(own), policy);
    }

    @Override
    public String expand(String template) {
      return Placeholders.expand(template, placeholderValues());
    }

    private Map<String, Path> placeholderValues() {
      var a = config.analysis();
      return Placeholders.values(
          binary(),
          workRoot,
          loaded.configDir(),
          stage,
          a.nameMap() == null ? null : loaded.resolve(a.nameMap()),
          a.runtimeTraceManifest() == null ? null : loaded.resolve(a.runtimeTraceManifest()));
    }

    @Override
    public void note(String note) {
      notes.add(note);
    }

    @Override
    public Path stdoutLog() {
      return root.stdoutLog(stage);
    }

    @Override
    public Path stderrLog() {
      return root.stderrLog(stage);
    }

    Map<String, String> recompEnvironment() {
      Map<String, String> env = new TreeMap<>();
      env.put("PATH", String.join(":", config.work().path()));
      env.put("LC_ALL", "C");
      env.put("TZ", "UTC");
      env.put("HOME", root.sandbox("home").toString());
      env.put("RECOMP_STAGE", stage.wire());
      env.put("RECOMP_WORK_ROOT", workRoot.toString());
      env.put("RECOMP_CONFIG_DIR", loaded.configDir().toString());
      env.put("RECOMP_STAGE_DIR", stageDir().toString());
      env.put("RECOMP_BINARY", binary().toString());
      env.put(
          "RECOMP_EXECUTION_MODE", config.policy().executionMode().name().toLowerCase(Locale.ROOT));
      for (StageName read : readsOf(stage)) {
        env.put("RECOMP_" + read.name() + "_DIR", stageDir(read).toString());
      }
      placeholderValues()
          .forEach(
              (k, v) -> {
                if (k.equals("name_map") || k.equals("runtime_trace_manifest")) {
                  env.put("RECOMP_ANALYSIS_" + k.toUpperCase(Locale.ROOT), v.toString());
                }
              });
      return env;
    }

    @Override
    public int exec(
        List<String> argv,
        Path cwd,
        Path stdin,
        Map<String, String> env,
        boolean withRecompEnvironment,
        Path stdout,
        Path stderr) {
      return Processes.run(
          argv,
          cwd,
          stdin,
          withRecompEnvironment ? merged(env) : env,
          stdout,
          stderr,
          timeLimit(),
          config.work().path(),
          root.internal().resolve("empty-stdin"));
    }

    private Map<String, String> merged(Map<String, String> env) {
      Map<String, String> all = recompEnvironment();
      all.putAll(env);
      return all;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
