package dev.recomp.lift.internal.a64;

import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Value;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Instruction sequences lifted as one: runs whose combined effect the IR computes in far fewer
 * operations than instruction by instruction, because an intermediate result that the run
 * overwrites need not be computed whole. An idiom holds only instructions that can neither fault
 * nor branch, so no state between them can be observed: its registers are set as the last
 * instruction leaves them. Each instruction still begins with its own {@code insnStart}, so the
 * budget counts every one.
 *
 * <p>A matcher reads the words of the run one at a time and stops at the first that does not fit:
 * it never reads past a word that would end the block, just as lifting one by one would not.
 */
public final class Fusions {
  private Fusions() {}

  /** One idiom: how many instructions, whether the words at a position fit, and its lifting. */
  private record Idiom(String name, int length, Matcher matcher, Lift lift) {}

  @FunctionalInterface
  private interface Matcher {
    /** The run's operand fields, or null when the words from the position are not the idiom. */
    int[] match(IntUnaryOperator word);
  }

  @FunctionalInterface
  private interface Lift {
    void lift(Emitter e, int[] operands);
  }

  private static final List<Idiom> IDIOMS =
      List.of(
          new Idiom(
              "zero byte in each group of four", 4, Fusions::matchZeroGroups, Fusions::zeroGroups));

  /**
   * Lifts an idiom starting at {@code pc} into {@code b} if the words there make one, at most
   * {@code available} instructions long; {@code word} reads the k-th word from {@code pc}. Returns
   * how many instructions it lifted, 0 if none.
   */
  public static int lift(BlockBuilder b, long pc, IntUnaryOperator word, int available) {
    for (Idiom idiom : IDIOMS) {
      if (idiom.length() > available) {
        continue;
      }
      int[] operands = idiom.matcher().match(word);
      if (operands != null) {
        for (int k = 0; k < idiom.length(); k++) {
          b.insnStart(pc + 4L * k, word.applyAsInt(k));
        }
        long last = pc + 4L * (idiom.length() - 1);
        idiom.lift().lift(new Emitter(b, last, word.applyAsInt(idiom.length() - 1)), operands);
        return idiom.length();
      }
    }
    return 0;
  }

  private static final int UMINP_16B = 0x6e20_ac00;
  private static final int CMEQ_ZERO_8B = 0x0e20_9800;
  private static final int FMOV_X_FROM_D = 0x9e66_0000;
  private static final int REGS_NMD = 0x001f_03ff;
  private static final int REG = 0x1f;

  /**
   * {@code UMINP Vd.16B, Vn.16B, Vm.16B; UMINP Vd.16B, Vd.16B, Vd.16B; CMEQ Vd.8B, Vd.8B, #0; FMOV
   * Xt, Dd}: glibc's {@code strlen} tests 32 bytes at a time for a zero this way. Operands: n, m,
   * d, t.
   */
  private static int[] matchZeroGroups(IntUnaryOperator word) {
    int first = word.applyAsInt(0);
    if ((first & ~REGS_NMD) != UMINP_16B) {
      return null;
    }
    int d = first & REG;
    if (word.applyAsInt(1) != (UMINP_16B | d << 16 | d << 5 | d)
        || word.applyAsInt(2) != (CMEQ_ZERO_8B | d << 5 | d)) {
      return null;
    }
    int last = word.applyAsInt(3);
    if ((last & ~REG) != (FMOV_X_FROM_D | d << 5)) {
      return null;
    }
    return new int[] {(first >>> 5) & REG, (first >>> 16) & REG, d, last & REG};
  }

  /**
   * The idiom's result: byte k of the low half of Vd (and all of Xt) is all ones where one of the
   * bytes 4k to 4k+3 of Vm:Vn (32 bytes, Vn's first) is zero, else zero; the high half of Vd is
   * zero. Instruction by instruction this is two pairwise minimums over bytes (each about a dozen
   * operations a word, and packing) and a compare; here each word's zero bytes are found at once
   * and OR-ed within each group of four.
   */
  private static void zeroGroups(Emitter e, int[] operands) {
    Value n = e.b.get(GuestReg.v(operands[0]));
    Value m = e.b.get(GuestReg.v(operands[1]));
    Value[] words = {
      LaneWords.half(e, n, 0),
      LaneWords.half(e, n, 1),
      LaneWords.half(e, m, 0),
      LaneWords.half(e, m, 1)
    };
    long low7 = 0x7f7f_7f7f_7f7f_7f7fL;
    Value groups = null;
    for (int j = 0; j < words.length; j++) {
      Value w = words[j];
      // Bit 7 of each byte of w that is zero, and nothing else: (b & 0x7f) + 0x7f carries into
      // bit 7 unless the low seven bits are zero, and b's own bit 7 covers the rest.
      Value carried = e.op(BinOp.ADD, e.op(BinOp.AND, w, low7), low7);
      Value zeros = e.un(UnOp.NOT, e.op(BinOp.OR, e.op(BinOp.OR, carried, w), low7));
      // Bits 7 and 39: whether bytes 0-3 and bytes 4-7 hold a zero.
      Value folded = e.op(BinOp.OR, zeros, e.op(BinOp.LSHR, zeros, 16));
      folded = e.op(BinOp.OR, folded, e.op(BinOp.LSHR, folded, 8));
      // Down to bits 0 and 8: the word's two result bytes.
      Value two = e.op(BinOp.AND, e.op(BinOp.LSHR, folded, 7), 0x0000_0001_0000_0001L);
      two = e.op(BinOp.AND, e.op(BinOp.OR, two, e.op(BinOp.LSHR, two, 24)), 0x101L);
      Value placed = j == 0 ? two : e.op(BinOp.SHL, two, 16L * j);
      groups = groups == null ? placed : e.op(BinOp.OR, groups, placed);
    }
    Value result = e.op(BinOp.MUL, groups, 0xffL);
    e.b.set(GuestReg.v(operands[2]), LaneWords.join(e, result, null));
    e.setX(operands[3], result);
  }
}
