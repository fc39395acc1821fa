package dev.recomp.lift.analysis;

import java.util.List;
import java.util.OptionalLong;

/**
 * A recovered switch: {@code BR} at {@code branch} goes to {@code anchor + (entry << shift)} for
 * one of {@code entries} table entries of {@code entrySize} bytes at {@code table} (or to the entry
 * itself, for tables of absolute addresses without an anchor).
 *
 * @param branch the BR instruction
 * @param table address of entry 0 (0 for a config-listed switch)
 * @param entries number of entries, from the bounds check before it
 * @param entrySize 1, 2, 4 or 8
 * @param signed whether entries are sign-extended
 * @param anchor the address entries are added to
 * @param shift left shift applied to each entry
 * @param targets the distinct targets, sorted
 * @param fromConfig whether the title config gave it rather than pattern recovery
 */
public record JumpTable(
    long branch,
    long table,
    int entries,
    int entrySize,
    boolean signed,
    OptionalLong anchor,
    int shift,
    List<Long> targets,
    boolean fromConfig) {
  /** Makes the list unmodifiable. */
  public JumpTable {
    targets = List.copyOf(targets);
  }
}
