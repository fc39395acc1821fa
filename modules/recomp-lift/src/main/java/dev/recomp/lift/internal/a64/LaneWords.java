package dev.recomp.lift.internal.a64;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.Vectors;
import java.util.Set;

/**
 * AdvSIMD integer lane operations as plain IR on one 64-bit half (SWAR: all lanes of the word at
 * once, carries and borrows kept inside their lanes by the top bit of each lane). They follow the
 * word forms of {@link Vectors}, the helpers they replace. A helper call stays a real call once
 * HotSpot stops inlining in a large generated method ({@code NodeCountInliningCutoff}), with the
 * 128-bit operands passed as long pairs; glibc's string functions run CMEQ, UMAXP, UMINP, ADDP and
 * SHRN in their inner loops. The backend emits i64 arithmetic and i128 bitwise operations, shifts
 * by a constant and conversions as bytecode, but no i128 add or subtract, hence the halves.
 */
final class LaneWords {
  private LaneWords() {}

  /** The {@link Vectors} lane operations {@link #binary} computes; others stay helper calls. */
  static final Set<Integer> BINARY =
      Set.of(
          Vectors.ADD,
          Vectors.SUB,
          Vectors.CMEQ,
          Vectors.CMTST,
          Vectors.CMHS,
          Vectors.CMHI,
          Vectors.CMGE,
          Vectors.CMGT,
          Vectors.UMAX,
          Vectors.UMIN,
          Vectors.SMAX,
          Vectors.SMIN);

  /** Half {@code h} (0 low, 1 high) of a 128-bit register value. */
  static Value half(Emitter e, Value v128, int h) {
    Value shifted = h == 0 ? v128 : e.op(BinOp.LSHR, v128, e.k(Type.I128, 64));
    return e.trunc(Type.I64, shifted);
  }

  /** The 128-bit value {@code high:low}; a null high half is zero. */
  static Value join(Emitter e, Value low, Value high) {
    Value result = e.zext(Type.I128, low);
    if (high == null) {
      return result;
    }
    Value up = e.op(BinOp.SHL, e.zext(Type.I128, high), e.k(Type.I128, 64));
    return e.op(BinOp.OR, result, up);
  }

  /** Lane-wise {@code op} (one of {@link #BINARY}) of two 64-bit words. */
  static Value binary(Emitter e, int op, int esize, Value a, Value b) {
    long high = highBits(esize);
    return switch (op) {
      case Vectors.ADD -> {
        Value low = e.op(BinOp.ADD, e.op(BinOp.AND, a, ~high), e.op(BinOp.AND, b, ~high));
        yield e.op(BinOp.XOR, low, e.op(BinOp.AND, e.op(BinOp.XOR, a, b), high));
      }
      case Vectors.SUB -> subtract(e, a, b, high);
      case Vectors.UMAX, Vectors.UMIN, Vectors.SMAX, Vectors.SMIN -> {
        long bias = op == Vectors.SMAX || op == Vectors.SMIN ? high : 0;
        Value aWins = spread(e, atLeast(e, biased(e, a, bias), biased(e, b, bias), high), esize);
        boolean max = op == Vectors.UMAX || op == Vectors.SMAX;
        yield max ? select(e, aWins, a, b) : select(e, aWins, b, a);
      }
      default -> spread(e, compareTops(e, op, a, b, high), esize);
    };
  }

  /** The top bit of each lane where the compare holds. */
  private static Value compareTops(Emitter e, int op, Value a, Value b, long high) {
    return switch (op) {
      case Vectors.CMEQ -> e.op(BinOp.XOR, nonZero(e, e.op(BinOp.XOR, a, b), high), high);
      case Vectors.CMTST -> nonZero(e, e.op(BinOp.AND, a, b), high);
      case Vectors.CMHS -> atLeast(e, a, b, high);
      // a > b is not b >= a.
      case Vectors.CMHI -> e.op(BinOp.XOR, atLeast(e, b, a, high), high);
      // Flipping the sign bits maps the signed order onto the unsigned one.
      case Vectors.CMGE -> atLeast(e, biased(e, a, high), biased(e, b, high), high);
      case Vectors.CMGT ->
          e.op(BinOp.XOR, atLeast(e, biased(e, b, high), biased(e, a, high), high), high);
      default -> throw new IllegalArgumentException("no lane compare " + op);
    };
  }

  /**
   * Lane-wise MUL of 32-bit lanes: the low lane's product is the low 32 bits of the whole words'
   * product (the cross terms start at bit 32), the high lane's that of the high halves.
   */
  static Value multiply32(Emitter e, Value a, Value b) {
    Value low = e.op(BinOp.AND, e.op(BinOp.MUL, a, b), 0xffff_ffffL);
    Value high = e.op(BinOp.MUL, e.op(BinOp.LSHR, a, 32), e.op(BinOp.LSHR, b, 32));
    return e.op(BinOp.OR, low, e.op(BinOp.SHL, high, 32));
  }

  /** The compares against zero, by the instruction's U:op bits (CMGT, CMEQ, CMLT, CMGE, CMLE). */
  static Value compareZero(Emitter e, int kind, int esize, Value a) {
    long high = highBits(esize);
    Value tops =
        switch (kind) {
          case 0 -> e.op(BinOp.AND, nonZero(e, a, high), e.un(UnOp.NOT, a));
          case 1 -> e.op(BinOp.XOR, nonZero(e, a, high), high);
          case 2 -> e.op(BinOp.AND, a, high);
          case 4 -> e.op(BinOp.AND, e.un(UnOp.NOT, a), high);
          default ->
              e.op(BinOp.OR, e.op(BinOp.AND, a, high), e.op(BinOp.XOR, nonZero(e, a, high), high));
        };
    return spread(e, tops, esize);
  }

  /**
   * The pairs of the concatenation {@code hi:lo} combined by {@code op} (ADD or a max/min), in
   * order, packed into one word.
   */
  static Value pairwise(Emitter e, int op, int esize, Value lo, Value hi) {
    if (esize == 64) {
      return binary(e, op, esize, lo, hi);
    }
    return packEven(e, pairs(e, op, esize, lo), pairs(e, op, esize, hi), esize);
  }

  /**
   * Each pair of esize lanes of {@code x} combined into the low half of its 2 * esize lane, the
   * high half zero. In lanes twice as wide the operation needs no SWAR masking: a sum or the
   * compare's difference cannot leave the lane.
   */
  private static Value pairs(Emitter e, int op, int esize, Value x) {
    long wideOnes = ones(2 * esize);
    long even = wideOnes * laneMask(esize);
    Value evens = e.op(BinOp.AND, x, even);
    Value odds = e.op(BinOp.LSHR, x, esize);
    if (esize < 32) {
      odds = e.op(BinOp.AND, odds, even);
    }
    if (op == Vectors.ADD) {
      return e.op(BinOp.AND, e.op(BinOp.ADD, evens, odds), even);
    }
    // (evens + 2^esize) - odds keeps bit esize exactly where evens >= odds; flipping the sign
    // bits maps the signed order onto the unsigned one.
    long bias = op == Vectors.SMAX || op == Vectors.SMIN ? wideOnes << (esize - 1) : 0;
    long carry = wideOnes << esize;
    Value difference =
        e.op(BinOp.SUB, e.op(BinOp.OR, biased(e, evens, bias), carry), biased(e, odds, bias));
    Value evensWin =
        e.op(
            BinOp.MUL,
            e.op(BinOp.LSHR, e.op(BinOp.AND, difference, carry), esize),
            laneMask(esize));
    boolean max = op == Vectors.UMAX || op == Vectors.SMAX;
    return max ? select(e, evensWin, evens, odds) : select(e, evensWin, odds, evens);
  }

  /**
   * SHRN and XTN: each 2 * esize lane of {@code hi:lo} shifted right by {@code shift} (at most
   * esize) and truncated to esize bits, packed into one word.
   */
  static Value narrow(Emitter e, int esize, int shift, Value lo, Value hi) {
    long even = ones(2 * esize) * laneMask(esize);
    Value low = e.op(BinOp.AND, shift == 0 ? lo : e.op(BinOp.LSHR, lo, shift), even);
    Value high = e.op(BinOp.AND, shift == 0 ? hi : e.op(BinOp.LSHR, hi, shift), even);
    return packEven(e, low, high, esize);
  }

  /**
   * The even esize lanes of {@code lo} in the low 32 bits and those of {@code hi} in the high 32;
   * their odd lanes are zero.
   */
  private static Value packEven(Emitter e, Value lo, Value hi, int esize) {
    Value low = esize == 32 ? lo : e.op(BinOp.AND, evenLanes(e, lo, esize), 0xffff_ffffL);
    return e.op(BinOp.OR, low, e.op(BinOp.SHL, evenLanes(e, hi, esize), 32));
  }

  /** The even lanes of {@code x} (its odd lanes zero) packed into the low 32 bits. */
  private static Value evenLanes(Emitter e, Value x, int esize) {
    Value r = x;
    if (esize == 8) {
      r = e.op(BinOp.AND, e.op(BinOp.OR, r, e.op(BinOp.LSHR, r, 8)), 0x0000_ffff_0000_ffffL);
    }
    if (esize <= 16) {
      r = e.op(BinOp.OR, r, e.op(BinOp.LSHR, r, 16));
    }
    return r;
  }

  /** 1 in the lowest bit of every esize lane. */
  private static long ones(int esize) {
    long ones = 0;
    for (int i = 0; i < 64; i += esize) {
      ones |= 1L << i;
    }
    return ones;
  }

  private static long laneMask(int esize) {
    return esize == 64 ? -1L : (1L << esize) - 1;
  }

  /** The top bit of every lane. */
  private static long highBits(int esize) {
    return ones(esize) << (esize - 1);
  }

  private static Value biased(Emitter e, Value x, long bias) {
    return bias == 0 ? x : e.op(BinOp.XOR, x, bias);
  }

  /** Lane-wise a - b: borrows stay inside their lanes. */
  private static Value subtract(Emitter e, Value a, Value b, long high) {
    Value low = e.op(BinOp.SUB, e.op(BinOp.OR, a, high), e.op(BinOp.AND, b, ~high));
    Value tops = e.op(BinOp.AND, e.op(BinOp.XOR, a, e.un(UnOp.NOT, b)), high);
    return e.op(BinOp.XOR, low, tops);
  }

  /** The top bit of each lane of {@code x} that is not zero. */
  private static Value nonZero(Emitter e, Value x, long high) {
    Value low = e.op(BinOp.ADD, e.op(BinOp.AND, x, ~high), ~high);
    return e.op(BinOp.AND, e.op(BinOp.OR, low, x), high);
  }

  /** The top bit of each lane where a >= b unsigned. */
  private static Value atLeast(Emitter e, Value a, Value b, long high) {
    // Without the top bits the lanes compare by the top bit of (a | high) - b: no borrow leaves
    // a lane. With them, a's top bit set and b's clear wins, and equal top bits defer to that.
    Value low = e.op(BinOp.SUB, e.op(BinOp.OR, a, high), e.op(BinOp.AND, b, ~high));
    Value aAbove = e.op(BinOp.AND, a, e.un(UnOp.NOT, b));
    Value equalTops = e.un(UnOp.NOT, e.op(BinOp.XOR, a, b));
    return e.op(BinOp.AND, e.op(BinOp.OR, aAbove, e.op(BinOp.AND, equalTops, low)), high);
  }

  /** Each lane all ones where its top bit is set in {@code tops}, else zero. */
  private static Value spread(Emitter e, Value tops, int esize) {
    return e.op(BinOp.MUL, e.op(BinOp.LSHR, tops, esize - 1), laneMask(esize));
  }

  /** Bits of {@code ifSet} where {@code mask} is 1, else of {@code ifClear}. */
  private static Value select(Emitter e, Value mask, Value ifSet, Value ifClear) {
    Value x = e.op(BinOp.XOR, ifSet, ifClear);
    return e.op(BinOp.XOR, ifClear, e.op(BinOp.AND, x, mask));
  }
}
