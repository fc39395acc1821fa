package dev.recomp.lift;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.UnOp;

/** Integer operations on values of up to 64 bits held zero-extended in a {@code long}. */
final class IntOps {
  private IntOps() {}

  static long mask(long v, int bits) {
    return bits >= 64 ? v : v & ((1L << bits) - 1);
  }

  static long signExtend(long v, int bits) {
    return bits >= 64 ? v : (v << (64 - bits)) >> (64 - bits);
  }

  static long binary(BinOp op, long a, long b, int bits) {
    int amount = (int) Long.remainderUnsigned(b, bits);
    long r =
        switch (op) {
          case ADD -> a + b;
          case SUB -> a - b;
          case MUL -> a * b;
          case UMULH -> Math.unsignedMultiplyHigh(a, b);
          case SMULH -> Math.multiplyHigh(a, b);
          case UDIV -> b == 0 ? 0 : Long.divideUnsigned(a, b);
          case SDIV -> sdiv(signExtend(a, bits), signExtend(b, bits));
          case AND -> a & b;
          case OR -> a | b;
          case XOR -> a ^ b;
          case SHL -> a << amount;
          case LSHR -> a >>> amount;
          case ASHR -> signExtend(a, bits) >> amount;
          case ROR -> amount == 0 ? a : (a >>> amount) | (a << (bits - amount));
        };
    return mask(r, bits);
  }

  /** A64 SDIV: x/0 = 0, and Long.MIN_VALUE / -1 wraps (Java already agrees). */
  private static long sdiv(long a, long b) {
    return b == 0 ? 0 : a / b;
  }

  static long unary(UnOp op, long a, int bits) {
    long r =
        switch (op) {
          case NOT -> ~a;
          case NEG -> -a;
          case CLZ -> Long.numberOfLeadingZeros(a) - (64 - bits);
          case CLS -> {
            long t = mask((a >>> 1) ^ a, bits - 1);
            yield Long.numberOfLeadingZeros(t) - (64 - (bits - 1));
          }
          case RBIT -> Long.reverse(a) >>> (64 - bits);
          case BSWAP -> Long.reverseBytes(a) >>> (64 - bits);
        };
    return mask(r, bits);
  }

  /** NZCV (bits 31-28) of the A64 pseudocode's AddWithCarry(a, b, carry) on {@code bits} bits. */
  static long addWithCarryFlags(long a, long b, boolean carry, int bits) {
    long c = carry ? 1 : 0;
    long result;
    boolean carryOut;
    if (bits == 64) {
      result = a + b + c;
      carryOut =
          Long.compareUnsigned(result, a) < 0 || (carry && Long.compareUnsigned(result, a) == 0);
    } else {
      long wide = a + b + c;
      result = mask(wide, bits);
      carryOut = (wide >>> bits) != 0;
    }
    long sign = 1L << (bits - 1);
    boolean overflow = ((a ^ result) & (b ^ result) & sign) != 0;
    boolean negative = (result & sign) != 0;
    return (negative ? 1L << 31 : 0)
        | (result == 0 ? 1L << 30 : 0)
        | (carryOut ? 1L << 29 : 0)
        | (overflow ? 1L << 28 : 0);
  }
}
