package dev.recomp.lift.analysis;

import java.util.List;
import java.util.TreeMap;

/**
 * Everything analysis found in one image under one title config.
 *
 * @param imageSha256 SHA-256 of the analyzed file
 * @param configHash the title config's canonical hash
 * @param entry the entry point
 * @param codeBytes the size of executable code in the image
 * @param functions functions, sorted by start
 * @param names the name of every function, sorted by address
 * @param jumpTables recovered switches, sorted by branch address
 * @param unresolved the ledger of transfers left to run time, sorted by pc
 * @param notes problems met in the input that did not stop analysis (a malformed .eh_frame...)
 */
public record ProgramAnalysis(
    String imageSha256,
    String configHash,
    long entry,
    long codeBytes,
    List<Function> functions,
    List<NameEntry> names,
    List<JumpTable> jumpTables,
    List<UnresolvedTarget> unresolved,
    List<String> notes) {
  /** Makes the lists unmodifiable. */
  public ProgramAnalysis {
    functions = List.copyOf(functions);
    names = List.copyOf(names);
    jumpTables = List.copyOf(jumpTables);
    unresolved = List.copyOf(unresolved);
    notes = List.copyOf(notes);
  }

  /** The number of code bytes inside at least one block. */
  public long coveredBytes() {
    TreeMap<Long, Long> ranges = new TreeMap<>();
    functions.forEach(f -> f.blocks().forEach(b -> ranges.merge(b.start(), b.end(), Math::max)));
    long covered = 0;
    long reach = Long.MIN_VALUE;
    for (var r : ranges.entrySet()) {
      long from = Math.max(r.getKey(), reach);
      if (r.getValue() > from) {
        covered += r.getValue() - from;
        reach = r.getValue();
      }
    }
    return covered;
  }
}
