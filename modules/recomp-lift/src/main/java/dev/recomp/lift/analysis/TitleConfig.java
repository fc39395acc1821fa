package dev.recomp.lift.analysis;

import dev.recomp.lift.analysis.internal.TitleConfigReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a person knows about one binary that analysis cannot find by itself, read from a TOML file
 * in the vocabulary static recompilers already use (see docs/analysis.md and
 * schemas/title-config.schema.json). Every address is a guest image address.
 *
 * @param source the file it was read from; empty for {@link #empty()}
 * @param title the title's name, if given
 * @param sha256 the SHA-256 of the binary it is written for, if given
 * @param classpath jars or class directories holding hook classes, resolved against the file
 * @param functions function starts (with optional size and name) to add
 * @param switchTables indirect branches whose targets the config spells out
 * @param stubs functions whose bodies are replaced by a return
 * @param ignored functions analysis must not treat as code
 * @param renames names that replace discovered ones
 * @param patches instruction words replaced before analysis
 * @param hooks Java methods run before or after an address
 * @param hash the canonical hash: SHA-256 of the config's meaning (key order, number spelling,
 *     comments and whitespace do not count) and of the bytes of the classpath entries
 */
public record TitleConfig(
    Optional<Path> source,
    Optional<String> title,
    Optional<String> sha256,
    List<Path> classpath,
    List<FunctionHint> functions,
    List<SwitchTable> switchTables,
    List<Stub> stubs,
    List<Selector> ignored,
    List<Rename> renames,
    List<Patch> patches,
    List<Hook> hooks,
    String hash) {
  /** Makes the lists unmodifiable. */
  public TitleConfig {
    classpath = List.copyOf(classpath);
    functions = List.copyOf(functions);
    switchTables = List.copyOf(switchTables);
    stubs = List.copyOf(stubs);
    ignored = List.copyOf(ignored);
    renames = List.copyOf(renames);
    patches = List.copyOf(patches);
    hooks = List.copyOf(hooks);
  }

  /** The config of a title nobody has written one for. */
  public static TitleConfig empty() {
    return TitleConfigReader.empty();
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws TitleConfigException with a one-line message naming the file, line and key
   */
  public static TitleConfig load(Path file) throws TitleConfigException {
    return TitleConfigReader.read(file);
  }

  /** A function start the config declares. */
  public record FunctionHint(long address, OptionalLong size, Optional<String> name) {}

  /** Names a function by its start address or by its name. */
  public sealed interface Selector {
    /** Selects the function starting at {@code address}. */
    record ByAddress(long address) implements Selector {}

    /** Selects the function called {@code name} (by symbol or an earlier rename). */
    record ByName(String name) implements Selector {}
  }

  /** An indirect branch whose targets the config gives. */
  public sealed interface SwitchTable {
    /** The address of the BR instruction. */
    long branch();

    /** The targets, listed. */
    record Listed(long branch, List<Long> targets) implements SwitchTable {
      /** Makes the list unmodifiable. */
      public Listed {
        targets = List.copyOf(targets);
      }
    }

    /**
     * The targets, as a table in the image: target = anchor + (entry &lt;&lt; shift), or the entry
     * itself when there is no anchor.
     */
    record Encoded(
        long branch,
        long table,
        int entries,
        int entrySize,
        boolean signed,
        OptionalLong anchor,
        int shift)
        implements SwitchTable {}
  }

  /** A function replaced by {@code ret}, with x0 set to {@code returns} when given. */
  public record Stub(Selector function, OptionalLong returns) {}

  /** Gives the selected function the name {@code to}. */
  public record Rename(Selector function, String to) {}

  /** Replaces the instruction word at {@code address} by {@code word}. */
  public record Patch(long address, int word, Optional<String> comment) {}

  /** Runs {@code className.method} before or after the instruction at {@code address}. */
  public record Hook(long address, String className, String method, When when) {
    /** When the hook runs relative to the instruction. */
    public enum When {
      /** Before the instruction executes. */
      BEFORE,
      /** After it has executed (on the fall-through path). */
      AFTER
    }
  }
}
