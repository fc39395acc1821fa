package dev.recomp.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What a {@link Stage} sees of the run: paths, upstream artifacts, and a process runner. */
public interface StageContext {
  /** The parsed configuration. */
  AutomationConfig config();

  /** The directory of automation.toml; relative config paths resolve against it. */
  Path configDir();

  /** The work root (absolute). */
  Path workRoot();

  /**
   * This stage's directory, {@code <work root>/<stage>}; empty when {@link Stage#execute} starts.
   */
  Path stageDir();

  /** Another stage's directory. */
  Path stageDir(StageName stage);

  /** The input binary (absolute). */
  Path binary();

  /** Resolves a config-relative path. */
  Path resolveConfigPath(String path);

  /** Outputs produced (or restored) by {@code stage} in this run, as absolute paths, in order. */
  List<Path> outputsOf(StageName stage);

  /** The logs (stdout, stderr) {@code stage} left in this run, as absolute paths. */
  List<Path> logsOf(StageName stage);

  /** The stage's time limit: its own timeout, capped by the policy's max_runtime_minutes. */
  Duration timeLimit();

  /** Expands placeholders ({@code {binary}}, {@code {stage_dir}}, ...) in one argv element. */
  String expand(String template);

  /** Adds a note to this stage's step record. */
  void note(String note);

  /** Where this stage's command output is logged (the engine records it if it exists). */
  Path stdoutLog();

  /** Where this stage's command errors are logged (the engine records it if it exists). */
  Path stderrLog();

  /**
   * Runs a process with a clean environment and waits at most {@link #timeLimit()}; returns its
   * exit status. A process that outlives the limit is killed (with its descendants) and the stage
   * fails.
   *
   * @param argv already expanded
   * @param cwd working directory
   * @param stdin file fed to stdin, or null for empty stdin
   * @param env the environment; with {@code withRecompEnvironment} the RECOMP_* variables and PATH
   *     are added first
   * @param stdout file that receives stdout
   * @param stderr file that receives stderr
   */
  int exec(
      List<String> argv,
      Path cwd,
      Path stdin,
      Map<String, String> env,
      boolean withRecompEnvironment,
      Path stdout,
      Path stderr);
}
