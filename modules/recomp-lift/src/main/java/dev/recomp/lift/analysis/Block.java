package dev.recomp.lift.analysis;

import java.util.List;
import java.util.OptionalLong;

/**
 * A basic block: straight-line instructions in [start, end). BL does not end a block (the call
 * returns to the next instruction) unless the callee never returns.
 *
 * @param start address of the first instruction
 * @param end address after the last instruction
 * @param exit how control leaves it
 * @param successors starts of the blocks of the same function control can go to next, sorted
 * @param calls BL targets inside the block, in instruction order
 * @param tailCall the function a {@link BlockExit#TAIL_CALL} (or a conditional branch) leaves to
 */
public record Block(
    long start,
    long end,
    BlockExit exit,
    List<Long> successors,
    List<Long> calls,
    OptionalLong tailCall) {
  /** Makes the lists unmodifiable. */
  public Block {
    successors = List.copyOf(successors);
    calls = List.copyOf(calls);
  }
}
