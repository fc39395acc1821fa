package dev.recomp.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.ExecutionMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An automation.toml, checked against {@code automation.schema.json} and bound to records. Absent
 * tables and keys take the defaults documented in {@code docs/automation.md}; paths are still as
 * written (relative ones resolve against the file's directory).
 */
public record AutomationConfig(
    int schemaVersion,
    Track track,
    Inputs inputs,
    Work work,
    CommandStage intake,
    Analysis analysis,
    CommandStage lift,
    CommandStage build,
    Run run,
    Validate validate,
    Archive archive,
    Policy policy) {
  /** The version of the automation.toml format. */
  public static final int SCHEMA_VERSION = 1;

  /** Fills absent tables with their defaults. */
  public AutomationConfig {
    track = track == null ? Track.HOMEBREW : track;
    work = work == null ? new Work(null, null, null) : work;
    intake = intake == null ? CommandStage.BUILT_IN : intake;
    analysis =
        analysis == null
            ? new Analysis(null, null, null, null, null, null, null, null, null)
            : analysis;
    lift = lift == null ? CommandStage.BUILT_IN : lift;
    build = build == null ? CommandStage.BUILT_IN : build;
    run = run == null ? new Run(null, null, null, null, null, null, null) : run;
    validate =
        validate == null
            ? new Validate(
                null, null, null, null, null, null, null, null, null, null, null, null, null)
            : validate;
    archive = archive == null ? new Archive(null, null, null, null, null, null, null) : archive;
    policy = policy == null ? new Policy(null, null, null, null, null, null, null) : policy;
  }

  /** The two target tracks. */
  public enum Track {
    /** Freely distributable binaries. */
    @JsonProperty("homebrew")
    HOMEBREW,
    /** User-owned retail titles; a provenance record is required. */
    @JsonProperty("retail-pilot")
    RETAIL_PILOT
  }

  /** Binary formats intake accepts. */
  public enum Format {
    @JsonProperty("auto")
    AUTO,
    @JsonProperty("elf")
    ELF,
    @JsonProperty("nro")
    NRO,
    @JsonProperty("nso")
    NSO,
    @JsonProperty("nsp")
    NSP,
    @JsonProperty("xci")
    XCI
  }

  /** {@code [inputs]}. */
  public record Inputs(String binary, Format format, String provenance, String titleConfig) {
    /** Defaults: format auto. */
    public Inputs {
      format = format == null ? Format.AUTO : format;
    }
  }

  /**
   * {@code [work]}.
   *
   * @param root the work root, default {@code .recomp-work}
   * @param label the run's name in the artifact index, default the work root's directory name
   * @param path PATH of every process a stage starts
   */
  public record Work(String root, String label, List<String> path) {
    /** The PATH processes get unless {@code [work] path} says otherwise. */
    public static final List<String> DEFAULT_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");

    /** Defaults. */
    public Work {
      root = root == null ? ".recomp-work" : root;
      path = path == null ? DEFAULT_PATH : List.copyOf(path);
    }
  }

  /**
   * An external command replacing a stage.
   *
   * @param command argv template; null means the built-in stage
   * @param outputs files the command must create, relative to the stage's directory
   * @param reads further config-relative files the stage depends on
   * @param env extra environment variables
   * @param timeoutSeconds null: the policy's limit
   * @param tools further programs the command runs, whose versions join the cache key
   */
  public record CommandStage(
      List<String> command,
      List<String> outputs,
      List<String> reads,
      Map<String, String> env,
      Integer timeoutSeconds,
      List<String> tools) {
    /** A stage table that is absent or empty: use the built-in stage. */
    public static final CommandStage BUILT_IN =
        new CommandStage(null, null, null, null, null, null);

    /** Defaults. */
    public CommandStage {
      command = command == null ? null : List.copyOf(command);
      outputs = outputs == null ? List.of() : List.copyOf(outputs);
      reads = reads == null ? List.of() : List.copyOf(reads);
      env = env == null ? Map.of() : new TreeMap<>(env);
      tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** Whether an external command replaces the built-in. */
    public boolean external() {
      return command != null;
    }
  }

  /**
   * {@code [analysis]}: optional; the built-in analysis is on by default.
   *
   * @param nameMap a name_map.json to use (config-relative), or null
   * @param runtimeTraceManifest a runtime trace manifest of an earlier run, or null
   */
  public record Analysis(
      Boolean enabled,
      List<String> command,
      List<String> expectedOutputs,
      List<String> reads,
      Map<String, String> env,
      Integer timeoutSeconds,
      List<String> tools,
      String nameMap,
      String runtimeTraceManifest) {
    /** Defaults: enabled. */
    public Analysis {
      enabled = enabled == null || enabled;
    }

    /** The command part, as for any other stage. */
    public CommandStage asCommandStage() {
      return new CommandStage(command, expectedOutputs, reads, env, timeoutSeconds, tools);
    }
  }

  /**
   * {@code [run]}: runs the build stage's program (or {@code command}) and captures its stdout,
   * stderr and exit status.
   *
   * @param stdin config-relative file fed to stdin; null: empty stdin
   * @param env the program's whole environment
   * @param sandboxRoot config-relative directory copied into the program's fresh working directory
   */
  public record Run(
      List<String> command,
      List<String> args,
      String stdin,
      Map<String, String> env,
      String sandboxRoot,
      Integer timeoutSeconds,
      List<String> reads) {
    /** Defaults. */
    public Run {
      command = command == null ? null : List.copyOf(command);
      args = args == null ? List.of() : List.copyOf(args);
      env = env == null ? Map.of() : new TreeMap<>(env);
      reads = reads == null ? List.of() : List.copyOf(reads);
    }
  }

  /** What validation compares. */
  public enum Stream {
    @JsonProperty("stdout")
    STDOUT,
    @JsonProperty("stderr")
    STDERR,
    @JsonProperty("exit_status")
    EXIT_STATUS
  }

  /**
   * {@code [validate]}: compares the run's capture with a reference, produced by {@code
   * reference_command} (run like the program: same args, stdin, env, sandbox) or recorded in files.
   */
  public record Validate(
      Boolean enabled,
      List<String> command,
      List<String> outputs,
      List<String> reads,
      Map<String, String> env,
      Integer timeoutSeconds,
      List<String> tools,
      List<String> referenceCommand,
      String referenceStdout,
      String referenceStderr,
      String referenceExitStatus,
      List<Stream> compare,
      ObjectNode gates) {
    /** Defaults: enabled, compare all three streams, default gates. */
    public Validate {
      enabled = enabled == null || enabled;
      gates = gates == null ? JsonNodeFactory.instance.objectNode() : gates.deepCopy();
      compare =
          compare == null
              ? List.of(Stream.STDOUT, Stream.STDERR, Stream.EXIT_STATUS)
              : List.copyOf(compare);
    }

    /** The command part, as for any other stage. */
    public CommandStage asCommandStage() {
      return new CommandStage(command, outputs, reads, env, timeoutSeconds, tools);
    }
  }

  /** {@code [archive]}: the built-in deterministic tar.gz, or an external command. */
  public record Archive(
      Boolean enabled,
      List<String> command,
      List<String> outputs,
      List<String> reads,
      Map<String, String> env,
      Integer timeoutSeconds,
      List<String> tools) {
    /** Defaults: enabled. */
    public Archive {
      enabled = enabled == null || enabled;
    }

    /** The command part, as for any other stage. */
    public CommandStage asCommandStage() {
      return new CommandStage(command, outputs, reads, env, timeoutSeconds, tools);
    }
  }

  /**
   * {@code [policy]}: recorded in every manifest. {@code max_runtime_minutes} (each stage's time
   * limit) and the redaction profile are always enforced; the approval gates of the execution mode
   * in cloud and hybrid mode, or with {@code requires_approval}.
   *
   * @param redactionProfile null: the track's default profile
   */
  public record Policy(
      ExecutionMode executionMode,
      Boolean requiresApproval,
      Double maxCostUsd,
      Integer maxRuntimeMinutes,
      String redactionProfile,
      List<String> allowedModels,
      List<String> runWindows) {
    /** The stage time limit when the policy sets none. */
    public static final int DEFAULT_MAX_RUNTIME_MINUTES = 60;

    /** Defaults: local, gates recorded only, 60 minutes per stage. */
    public Policy {
      executionMode = executionMode == null ? ExecutionMode.LOCAL : executionMode;
      requiresApproval = requiresApproval != null && requiresApproval;
      maxRuntimeMinutes =
          maxRuntimeMinutes == null ? DEFAULT_MAX_RUNTIME_MINUTES : maxRuntimeMinutes;
      allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
      runWindows = runWindows == null ? List.of() : List.copyOf(runWindows);
    }
  }
}
