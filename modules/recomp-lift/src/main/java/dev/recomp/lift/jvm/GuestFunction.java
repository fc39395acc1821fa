package dev.recomp.lift.jvm;

import dev.recomp.lift.Block;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lifted blocks of one guest function, the unit the backend turns into one JVM class.
 *
 * @param entry the guest address of the function's first instruction; one of the blocks starts
 *     there
 * @param name the name from analysis (symbol or {@code sub_<hex>}), for diagnostics
 * @param blocks the blocks, in any order; sorted by address here
 * @param jumpTargets the recovered targets of the function's indirect jumps (jump tables): these
 *     become cases of a switch inside the method, every other BR target goes through dispatch
 */
public record GuestFunction(
    long entry, String name, List<Block> blocks, SortedSet<Long> jumpTargets) {
  public GuestFunction {
    Objects.requireNonNull(name, "name");
    blocks = blocks.stream().sorted(Comparator.comparingLong(Block::pc)).toList();
    jumpTargets = new TreeSet<>(jumpTargets);
    if (blocks.stream().noneMatch(b -> b.pc() == entry)) {
      throw new IllegalArgumentException(
          String.format("function %s: no block starts at its entry 0x%x", name, entry));
    }
  }

  /** A function without jump tables. */
  public static GuestFunction of(long entry, String name, List<Block> blocks) {
    return new GuestFunction(entry, name, blocks, new TreeSet<>());
  }
}
