package dev.recomp.lift.analysis;

import java.util.List;

/**
 * The name of the function at {@code address}.
 *
 * @param address the function start
 * @param name the chosen name
 * @param evidence where it comes from
 * @param aliases other symbol names at the same address, sorted
 */
public record NameEntry(long address, String name, NameEvidence evidence, List<String> aliases) {
  /** Makes the list unmodifiable. */
  public NameEntry {
    aliases = List.copyOf(aliases);
  }
}
