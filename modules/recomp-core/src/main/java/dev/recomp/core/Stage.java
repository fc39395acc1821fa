package dev.recomp.core;

import dev.recomp.manifest.InputRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * The stage SPI. A stage declares what its result depends on, then executes inside its own
 * directory of the work root. The engine derives the cache key from the declaration plus the sha256
 * of every artifact of the stages it depends on, restores cached outputs on a hit, and records
 * every execution in the action cache.
 */
public interface Stage {
  /** Which lifecycle stage this implements. */
  StageName name();

  /**
   * What the result depends on besides upstream artifacts; called before every cache lookup, so it
   * must be cheap and must not write anything.
   */
  Declaration declare(StageContext context);

  /**
   * Does the work, writing only under {@link StageContext#stageDir()} (which starts empty). Returns
   * the files produced, relative to the stage directory; these become the stage's outputs.
   *
   * @throws StageException when the stage fails; the message becomes the step's note
   */
  List<String> execute(StageContext context);

  /**
   * The parts of a stage's cache key that are not upstream artifacts.
   *
   * @param signature canonical text of the stage's own configuration (including its command)
   * @param command argv template recorded in the manifest, or null for a built-in stage
   * @param tools external programs the stage will run (argv[0] as configured); their versions join
   *     the key
   * @param reads files outside the work root whose content the stage depends on
   */
  record Declaration(String signature, List<String> command, List<String> tools, List<Read> reads) {
    /** Copies lists. */
    public Declaration {
      command = command == null ? null : List.copyOf(command);
      tools = List.copyOf(tools);
      reads = List.copyOf(reads);
    }
  }

  /**
   * A file outside the work root a stage reads.
   *
   * @param file absolute path
   */
  record Read(Path file, InputRecord.Role role) {}
}
