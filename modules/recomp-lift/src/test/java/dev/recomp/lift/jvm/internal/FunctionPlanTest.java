package dev.recomp.lift.jvm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.lift.Block;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.jvm.GuestFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FunctionPlanTest {
  private static final Value TRUE = Value.Const.of(Type.I1, 1);
  private static final long A = 0x1000;
  private static final long B = 0x1100;
  private static final long C = 0x1200;
  private static final long D = 0x1300;
  private static final long E = 0x1400;

  /**
   * Two gaps are each spanned by two loops: the gap after A by a loop A..B and the loop A..D, the
   * gap after B by the small loop B..C and the loop A..D. When the region fills at C, the cut goes
   * after A, through the larger loops, and not through the small loop B..C, which counting loops
   * alone would have cut (as the latest of two equal gaps).
   */
  @Test
  void aFullRegionIsCutBesideASmallLoopNotThroughIt() {
    List<Block> blocks =
        List.of(
            block(A, 40, new Terminator.Jump(B)),
            block(B, 4, Terminator.Branch.of(TRUE, A, C)),
            block(C, 4, Terminator.Branch.of(TRUE, B, D)),
            block(D, 4, Terminator.Branch.of(TRUE, A, E)),
            block(E, 1, new Terminator.Trap(Terminator.TrapKind.UNDEFINED, E, 0, 0)));
    GuestFunction function = new GuestFunction(A, "f", blocks, new TreeSet<>());
    long abc = SizeEstimate.of(blocks.get(0)) + SizeEstimate.of(blocks.get(1));
    int budget = (int) (abc + SizeEstimate.of(blocks.get(2)) - 1);

    FunctionPlan plan = new FunctionPlan(function, budget);

    assertEquals(List.of(List.of(A), List.of(B, C, D), List.of(E)), pcs(plan.regions));
  }

  private static Block block(long pc, int instructions, Terminator end) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < instructions; i++) {
      ops.add(new Op.InsnStart(pc + 4L * i, 0xd503201f));
    }
    return new Block(pc, ops, end);
  }

  private static List<List<Long>> pcs(List<List<Block>> regions) {
    return regions.stream().map(r -> r.stream().map(Block::pc).toList()).toList();
  }
}
