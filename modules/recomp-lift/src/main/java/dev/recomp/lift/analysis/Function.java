package dev.recomp.lift.analysis;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A function: the code reachable from its start without following calls or tail calls. Blocks
 * reached from several functions (shared tails, jumps into another function's body) belong to each
 * of them.
 *
 * @param start the entry address
 * @param end the address after its highest block
 * @param name its name (see the name map for the evidence)
 * @param evidence why the start is believed, sorted
 * @param blocks its basic blocks, sorted by start
 * @param returns whether any path returns to the caller (false: every path ends in a trap, a
 *     non-returning call or an endless loop)
 * @param stub whether the title config replaces it by a return, with the value of x0 if given
 */
public record Function(
    long start,
    long end,
    String name,
    List<StartEvidence> evidence,
    List<Block> blocks,
    boolean returns,
    Optional<OptionalLong> stub) {
  /** Makes the lists unmodifiable. */
  public Function {
    evidence = List.copyOf(evidence);
    blocks = List.copyOf(blocks);
  }
}
