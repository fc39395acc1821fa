package dev.recomp.lift;

import dev.recomp.isa.Decoder;
import dev.recomp.isa.Insn;
import dev.recomp.lift.internal.a64.Fusions;
import dev.recomp.lift.internal.a64.SemanticsTable;
import java.util.SortedSet;
import java.util.function.LongToIntFunction;

/**
 * Lifts A64 code to IR blocks. Never throws on guest code: an unallocated word becomes an UNDEFINED
 * trap, a decoded instruction without semantics an UNIMPLEMENTED trap, both reporting PC and
 * encoding.
 */
public final class A64Lifter {
  private final Decoder decoder;

  public A64Lifter(Decoder decoder) {
    this.decoder = decoder;
  }

  /** A lifter over the standard A64 encoding table. */
  public static A64Lifter standard() {
    return new A64Lifter(Decoder.standard());
  }

  /** The block holding just the instruction {@code word} at {@code pc}. */
  public Block liftInstruction(long pc, int word) {
    return liftBlock(pc, address -> word, 1);
  }

  /**
   * Lifts from {@code pc} until an instruction ends the block or {@code maxInstructions} have been
   * lifted; {@code fetch} returns the word at an address. Some runs of instructions are lifted as
   * one ({@link Fusions}), with the same effect.
   */
  public Block liftBlock(long pc, LongToIntFunction fetch, int maxInstructions) {
    BlockBuilder b = new BlockBuilder(pc);
    long at = pc;
    for (int i = 0; i < maxInstructions; i++) {
      long start = at;
      int fused = Fusions.lift(b, at, k -> fetch.applyAsInt(start + 4L * k), maxInstructions - i);
      if (fused > 0) {
        i += fused - 1;
        at += 4L * fused;
        continue;
      }
      int word = fetch.applyAsInt(at);
      b.insnStart(at, word);
      Terminator end =
          switch (decoder.decode(at, word)) {
            case Insn.Unallocated u ->
                new Terminator.Trap(Terminator.TrapKind.UNDEFINED, u.pc(), u.word(), 0);
            case Insn.Op op -> SemanticsTable.lift(b, op.encoding().name(), at, word);
          };
      if (end != null) {
        return b.finish(end);
      }
      at += 4;
    }
    return b.finish(new Terminator.Jump(at));
  }

  /** The encoding-table rows the lifter has semantics for. */
  public static SortedSet<String> implementedEncodings() {
    return SemanticsTable.implemented();
  }
}
