package dev.recomp.lift.internal.helpers;

/**
 * AdvSIMD integer lane operations on 128-bit values held as two longs. Each helper takes an
 * operation selector (the constants below) and the element size in bits; where the instruction's Q
 * bit matters (pairwise, across, permute) the data size in bits, otherwise the caller truncates the
 * result to 64 bits for the 64-bit arrangements.
 */
public final class Vectors {
  private Vectors() {}

  /** VEC_BINARY selectors. */
  public static final int ADD = 0;

  public static final int SUB = 1;
  public static final int MUL = 2;
  public static final int UMAX = 3;
  public static final int UMIN = 4;
  public static final int SMAX = 5;
  public static final int SMIN = 6;
  public static final int UABD = 7;
  public static final int SABD = 8;
  public static final int CMEQ = 9;
  public static final int CMTST = 10;
  public static final int CMHS = 11;
  public static final int CMHI = 12;
  public static final int CMGE = 13;
  public static final int CMGT = 14;
  public static final int UHADD = 15;
  public static final int SHADD = 16;
  public static final int URHADD = 17;
  public static final int SRHADD = 18;
  public static final int USHL = 19;
  public static final int SSHL = 20;

  /** VEC_UNARY selectors. */
  public static final int CNT = 0;

  public static final int CLZ = 1;
  public static final int CLS = 2;
  public static final int ABS = 3;
  public static final int NEG = 4;
  public static final int REV16 = 5;
  public static final int REV32 = 6;
  public static final int REV64 = 7;
  public static final int RBIT = 8;

  /** VEC_ACROSS selectors (the pairwise operations use the VEC_BINARY ones). */
  public static final int ADDV = 0;

  public static final int UMAXV = 1;
  public static final int UMINV = 2;
  public static final int SMAXV = 3;
  public static final int SMINV = 4;
  public static final int UADDLV = 5;
  public static final int SADDLV = 6;

  /** VEC_SHIFT selectors. */
  public static final int USHR = 0;

  public static final int SSHR = 1;
  public static final int USRA = 2;
  public static final int SSRA = 3;
  public static final int URSHR = 4;
  public static final int SRSHR = 5;
  public static final int SHL = 6;
  public static final int SRI = 7;
  public static final int SLI = 8;

  /** VEC_NARROW selectors. */
  public static final int XTN = 0;

  public static final int SHRN = 1;
  public static final int RSHRN = 2;

  /** VEC_WIDEN selectors: L forms take narrow a, W forms wide a; b is always narrow. */
  public static final int UADDL = 0;

  public static final int SADDL = 1;
  public static final int USUBL = 2;
  public static final int SSUBL = 3;
  public static final int UADDW = 4;
  public static final int SADDW = 5;
  public static final int USUBW = 6;
  public static final int SSUBW = 7;
  public static final int UMULL = 8;
  public static final int SMULL = 9;
  public static final int UABDL = 10;
  public static final int SABDL = 11;
  public static final int USHLL = 12;
  public static final int SSHLL = 13;

  /** VEC_PERMUTE selectors. */
  public static final int UZP1 = 0;

  public static final int UZP2 = 1;
  public static final int ZIP1 = 2;
  public static final int ZIP2 = 3;
  public static final int TRN1 = 4;
  public static final int TRN2 = 5;

  private static long mask(int esize) {
    return esize == 64 ? -1L : (1L << esize) - 1;
  }

  private static long signed(long v, int esize) {
    return esize == 64 ? v : (v << (64 - esize)) >> (64 - esize);
  }

  /** Element {@code i} (zero-extended) of the 128-bit value lo:hi. */
  private static long lane(long lo, long hi, int esize, int i) {
    int bit = i * esize;
    long word = bit < 64 ? lo : hi;
    return (word >>> (bit & 63)) & mask(esize);
  }

  /** Writes element {@code i} into {@code acc[0..1]}. */
  private static void put(long[] acc, int esize, int i, long v) {
    int bit = i * esize;
    int w = bit < 64 ? 0 : 1;
    long m = mask(esize) << (bit & 63);
    acc[w] = (acc[w] & ~m) | ((v << (bit & 63)) & m);
  }

  private static long result(long[] acc, long[] out) {
    out[0] = acc[1];
    return acc[0];
  }

  private static long binaryLane(int op, long a, long b, int esize) {
    long m = mask(esize);
    long sa = signed(a, esize);
    long sb = signed(b, esize);
    return m
        & switch (op) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          case UMAX -> Long.compareUnsigned(a, b) >= 0 ? a : b;
          case UMIN -> Long.compareUnsigned(a, b) <= 0 ? a : b;
          case SMAX -> Math.max(sa, sb);
          case SMIN -> Math.min(sa, sb);
          case UABD -> Long.compareUnsigned(a, b) >= 0 ? a - b : b - a;
          case SABD -> sa >= sb ? sa - sb : sb - sa;
          case CMEQ -> a == b ? -1 : 0;
          case CMTST -> (a & b) != 0 ? -1 : 0;
          case CMHS -> Long.compareUnsigned(a, b) >= 0 ? -1 : 0;
          case CMHI -> Long.compareUnsigned(a, b) > 0 ? -1 : 0;
          case CMGE -> sa >= sb ? -1 : 0;
          case CMGT -> sa > sb ? -1 : 0;
          case UHADD -> halve(a, b, 0);
          case SHADD -> halve(sa, sb, 0);
          case URHADD -> halve(a, b, 1);
          case SRHADD -> halve(sa, sb, 1);
          case USHL -> shiftByRegister(a, (byte) b, false, esize);
          case SSHL -> shiftByRegister(sa, (byte) b, true, esize);
          default -> throw new IllegalArgumentException("no lane operation " + op);
        };
  }

  /** (a + b + round) >> 1; the halving adds exist for lanes of up to 32 bits only. */
  private static long halve(long a, long b, long round) {
    return (a + b + round) >> 1;
  }

  /** USHL/SSHL: shift left by a signed byte, right when negative. */
  private static long shiftByRegister(long v, int shift, boolean signed, int esize) {
    if (shift >= 0) {
      return shift >= esize ? 0 : v << shift;
    }
    int right = -shift;
    if (right >= esize) {
      return signed && v < 0 ? -1 : 0;
    }
    return signed ? v >> right : v >>> right;
  }

  /** {@link dev.recomp.lift.Helper#VEC_BINARY}. */
  public static long vecBinary(
      long op, long esize, long alo, long ahi, long blo, long bhi, long[] out) {
    int e = (int) esize;
    out[0] = binaryWord((int) op, e, ahi, bhi);
    return binaryWord((int) op, e, alo, blo);
  }

  /**
   * One 64-bit half of a lane-wise operation: lanes never straddle the halves. The operations hot
   * in compiled C (glibc's string functions, vectorized loops) work on all lanes of the word at
   * once (SWAR); the rest go lane by lane.
   */
  static long binaryWord(int op, int esize, long a, long b) {
    // Small methods, so that the JIT inlines them and folds the constant op of a call site.
    return switch (op) {
      case ADD, SUB, MUL -> arithmeticWord(op, esize, a, b);
      case CMEQ, CMTST, CMHS, CMHI, CMGE, CMGT -> compareWord(op, esize, a, b);
      case UMAX, UMIN, SMAX, SMIN -> extremumWord(op, esize, a, b);
      default -> laneWise(op, esize, a, b);
    };
  }

  private static long arithmeticWord(int op, int esize, long a, long b) {
    long high = highBits(esize);
    return switch (op) {
      case ADD -> ((a & ~high) + (b & ~high)) ^ ((a ^ b) & high);
      case SUB -> subtract(a, b, high);
      default -> esize == 32 ? multiply32(a, b) : laneWise(op, esize, a, b);
    };
  }

  private static long compareWord(int op, int esize, long a, long b) {
    long high = highBits(esize);
    long tops =
        switch (op) {
          case CMEQ -> ~nonZero(a ^ b, high) & high;
          case CMTST -> nonZero(a & b, high);
          case CMHS -> atLeast(a, b, high);
          case CMHI -> atLeast(a, b, high) & nonZero(a ^ b, high);
          case CMGE -> atLeast(a ^ high, b ^ high, high);
          default -> atLeast(a ^ high, b ^ high, high) & nonZero(a ^ b, high);
        };
    return spread(tops, esize);
  }

  private static long extremumWord(int op, int esize, long a, long b) {
    long high = highBits(esize);
    long bias = op == SMAX || op == SMIN ? high : 0;
    long aWins = spread(atLeast(a ^ bias, b ^ bias, high), esize);
    return op == UMAX || op == SMAX ? select(aWins, a, b) : select(aWins, b, a);
  }

  /** The top bit of every lane. */
  private static long highBits(int esize) {
    return switch (esize) {
      case 8 -> 0x8080_8080_8080_8080L;
      case 16 -> 0x8000_8000_8000_8000L;
      case 32 -> 0x8000_0000_8000_0000L;
      default -> 0x8000_0000_0000_0000L;
    };
  }

  /** Lane-wise a - b: borrows stay inside their lanes. */
  private static long subtract(long a, long b, long high) {
    return ((a | high) - (b & ~high)) ^ ((a ^ ~b) & high);
  }

  /** The top bit of each lane of {@code x} that is not zero. */
  private static long nonZero(long x, long high) {
    return (((x & ~high) + ~high) | x) & high;
  }

  /** The top bit of each lane where a >= b unsigned: no borrow out of the lane's a - b. */
  private static long atLeast(long a, long b, long high) {
    long borrow = (~a & b) | (~(a ^ b) & subtract(a, b, high));
    return ~borrow & high;
  }

  /** Each lane all ones where its top bit is set in {@code tops}, else zero. */
  private static long spread(long tops, int esize) {
    return (tops >>> (esize - 1)) * mask(esize);
  }

  private static long select(long mask, long a, long b) {
    return (mask & a) | (~mask & b);
  }

  private static long multiply32(long a, long b) {
    long low = (a * b) & 0xffff_ffffL;
    return low | ((a >>> 32) * (b >>> 32)) << 32;
  }

  /** The reference: each lane of one word through {@link #binaryLane}. */
  static long laneWise(int op, int esize, long a, long b) {
    long m = mask(esize);
    long r = 0;
    for (int bit = 0; bit < 64; bit += esize) {
      r |= binaryLane(op, (a >>> bit) & m, (b >>> bit) & m, esize) << bit;
    }
    return r;
  }

  /** {@link dev.recomp.lift.Helper#VEC_UNARY}. */
  public static long vecUnary(long op, long esize, long alo, long ahi, long[] out) {
    int e = (int) esize;
    int n = 128 / e;
    long[] acc = new long[2];
    for (int i = 0; i < n; i++) {
      long a = lane(alo, ahi, e, i);
      long s = signed(a, e);
      long r =
          switch ((int) op) {
            case CNT -> Long.bitCount(a);
            case CLZ -> Long.numberOfLeadingZeros(a) - (64 - e);
            case CLS -> Long.numberOfLeadingZeros(s < 0 ? ~s : s) - (64 - e) - 1;
            case ABS -> Math.abs(s);
            case NEG -> -a;
            case RBIT -> Long.reverse(a) >>> (64 - e);
            case REV16, REV32, REV64 -> {
              int container = 16 << ((int) op - REV16);
              int per = container / e;
              int j = (i / per) * per + (per - 1 - i % per);
              yield lane(alo, ahi, e, j);
            }
            default -> throw new IllegalArgumentException("no unary lane operation " + op);
          };
      put(acc, e, i, r);
    }
    return result(acc, out);
  }

  /** {@link dev.recomp.lift.Helper#VEC_PAIRWISE}. */
  public static long vecPairwise(
      long op, long esize, long datasize, long alo, long ahi, long blo, long bhi, long[] out) {
    int e = (int) esize;
    if (datasize == 64) {
      out[0] = 0;
      return pairwiseWord((int) op, e, alo, blo);
    }
    out[0] = pairwiseWord((int) op, e, blo, bhi);
    return pairwiseWord((int) op, e, alo, ahi);
  }

  /**
   * The pairs of the concatenation {@code hi:lo}, combined, in order: a binary op of evens, odds.
   */
  private static long pairwiseWord(int op, int esize, long lo, long hi) {
    if (esize == 64) {
      return binaryWord(op, esize, lo, hi);
    }
    long evens = evenLanes(lo, esize) | evenLanes(hi, esize) << 32;
    long odds = evenLanes(lo >>> esize, esize) | evenLanes(hi >>> esize, esize) << 32;
    return binaryWord(op, esize, evens, odds);
  }

  /** Lanes 0, 2, 4, ... of {@code x}, packed into the low 32 bits. */
  private static long evenLanes(long x, int esize) {
    long r = x;
    if (esize == 8) {
      r &= 0x00ff_00ff_00ff_00ffL;
      r |= r >>> 8;
    }
    if (esize <= 16) {
      r &= 0x0000_ffff_0000_ffffL;
      r |= r >>> 16;
    }
    return r & 0xffff_ffffL;
  }

  /** {@link dev.recomp.lift.Helper#VEC_ACROSS}. */
  public static long vecAcross(long op, long esize, long datasize, long alo, long ahi) {
    int e = (int) esize;
    int n = (int) datasize / e;
    long r = lane(alo, ahi, e, 0);
    boolean signedOp = op == SMAXV || op == SMINV || op == SADDLV;
    if (signedOp) {
      r = signed(r, e);
    }
    for (int i = 1; i < n; i++) {
      long a = lane(alo, ahi, e, i);
      long s = signed(a, e);
      r =
          switch ((int) op) {
            case ADDV, UADDLV -> r + a;
            case SADDLV -> r + s;
            case UMAXV -> Math.max(r, a);
            case UMINV -> Math.min(r, a);
            case SMAXV -> Math.max(r, s);
            case SMINV -> Math.min(r, s);
            default -> throw new IllegalArgumentException("no reduction " + op);
          };
    }
    int width = op == UADDLV || op == SADDLV ? 2 * e : e;
    return r & mask(width);
  }

  /** {@link dev.recomp.lift.Helper#VEC_SHIFT}. */
  public static long vecShift(
      long op, long esize, long shift, long alo, long ahi, long dlo, long dhi, long[] out) {
    int e = (int) esize;
    int s = (int) shift;
    long m = mask(e);
    long[] acc = new long[2];
    for (int i = 0; i < 128 / e; i++) {
      long a = lane(alo, ahi, e, i);
      long d = lane(dlo, dhi, e, i);
      long sa = signed(a, e);
      long r =
          switch ((int) op) {
            case USHR -> s >= 64 ? 0 : a >>> s;
            case SSHR -> sa >> Math.min(s, 63);
            case USRA -> d + (s >= 64 ? 0 : a >>> s);
            case SSRA -> d + (sa >> Math.min(s, 63));
            case URSHR -> roundingShift(a, s, false);
            case SRSHR -> roundingShift(sa, s, true);
            case SHL -> a << s;
            case SRI -> {
              long keep = s >= 64 ? m : ~(m >>> s) & m;
              yield (d & keep) | (s >= 64 ? 0 : a >>> s);
            }
            case SLI -> (d & ((1L << s) - 1)) | (a << s);
            default -> throw new IllegalArgumentException("no shift " + op);
          };
      put(acc, e, i, r);
    }
    return result(acc, out);
  }

  /** (v + 2^(s-1)) >> s computed without overflow. */
  private static long roundingShift(long v, int s, boolean signed) {
    long roundBit = s > 64 ? 0 : (v >>> (s - 1)) & 1;
    long shifted = s >= 64 ? (signed && v < 0 ? -1 : 0) : signed ? v >> s : v >>> s;
    return shifted + roundBit;
  }

  /** {@link dev.recomp.lift.Helper#VEC_NARROW}. */
  public static long vecNarrow(long op, long esize, long shift, long alo, long ahi) {
    int e = (int) esize;
    int s = (int) shift;
    long[] acc = new long[2];
    for (int i = 0; i < 64 / e; i++) {
      long a = lane(alo, ahi, 2 * e, i);
      long r =
          switch ((int) op) {
            case XTN -> a;
            case SHRN -> a >>> s;
            case RSHRN -> roundingShift(a, s, false);
            default -> throw new IllegalArgumentException("no narrowing " + op);
          };
      put(acc, e, i, r);
    }
    return acc[0];
  }

  /** {@link dev.recomp.lift.Helper#VEC_WIDEN}. */
  public static long vecWiden(long op, long esize, long alo, long ahi, long b, long[] out) {
    int e = (int) esize;
    int w = 2 * e;
    boolean wideA = op >= UADDW && op <= SSUBW;
    long[] acc = new long[2];
    for (int i = 0; i < 64 / e; i++) {
      long an = wideA ? lane(alo, ahi, w, i) : lane(alo, ahi, e, i);
      long bn = lane(b, 0, e, i);
      long sa = wideA ? signed(an, w) : signed(an, e);
      long sb = signed(bn, e);
      long r =
          switch ((int) op) {
            case UADDL, UADDW -> an + bn;
            case SADDL, SADDW -> sa + sb;
            case USUBL, USUBW -> an - bn;
            case SSUBL, SSUBW -> sa - sb;
            case UMULL -> an * bn;
            case SMULL -> sa * sb;
            case UABDL -> Math.abs(an - bn);
            case SABDL -> Math.abs(sa - sb);
            case USHLL -> an << bn;
            case SSHLL -> sa << bn;
            default -> throw new IllegalArgumentException("no widening " + op);
          };
      put(acc, w, i, r);
    }
    return result(acc, out);
  }

  /** {@link dev.recomp.lift.Helper#VEC_PERMUTE}. */
  public static long vecPermute(
      long op, long esize, long datasize, long alo, long ahi, long blo, long bhi, long[] out) {
    int e = (int) esize;
    int n = (int) datasize / e;
    long[] acc = new long[2];
    for (int i = 0; i < n; i++) {
      int half = i / 2;
      boolean odd = (i & 1) != 0;
      long r =
          switch ((int) op) {
            case UZP1, UZP2 -> {
              int j = 2 * i + (op == UZP2 ? 1 : 0);
              yield j < n ? lane(alo, ahi, e, j) : lane(blo, bhi, e, j - n);
            }
            case ZIP1, ZIP2 -> {
              int j = half + (op == ZIP2 ? n / 2 : 0);
              yield odd ? lane(blo, bhi, e, j) : lane(alo, ahi, e, j);
            }
            case TRN1, TRN2 -> {
              int j = 2 * half + (op == TRN2 ? 1 : 0);
              yield odd ? lane(blo, bhi, e, j) : lane(alo, ahi, e, j);
            }
            default -> throw new IllegalArgumentException("no permutation " + op);
          };
      put(acc, e, i, r);
    }
    return result(acc, out);
  }

  /** {@link dev.recomp.lift.Helper#VEC_TABLE}. */
  public static long vecTable(
      long registers,
      long ilo,
      long ihi,
      long t0lo,
      long t0hi,
      long t1lo,
      long t1hi,
      long t2lo,
      long t2hi,
      long t3lo,
      long t3hi,
      long olo,
      long ohi,
      long[] out) {
    long[] table = {t0lo, t0hi, t1lo, t1hi, t2lo, t2hi, t3lo, t3hi};
    long[] acc = new long[2];
    for (int i = 0; i < 16; i++) {
      int index = (int) lane(ilo, ihi, 8, i);
      long r;
      if (index < 16 * registers) {
        r = (table[index / 8] >>> (8 * (index % 8))) & 0xff;
      } else {
        r = lane(olo, ohi, 8, i);
      }
      put(acc, 8, i, r);
    }
    return result(acc, out);
  }
}
