package dev.recomp.lift;

import java.util.List;
import java.util.Objects;

/**
 * A lifted basic block: straight-line operations and one terminator.
 *
 * @param pc the guest address of the first instruction
 * @param ops the operations in execution order; {@link Op.InsnStart} marks each guest instruction
 * @param terminator how control leaves the block
 */
public record Block(long pc, List<Op> ops, Terminator terminator) {
  public Block {
    ops = List.copyOf(ops);
    Objects.requireNonNull(terminator, "terminator");
  }

  /** The block in the IR text form. */
  @Override
  public String toString() {
    return IrPrinter.print(this);
  }
}
