package dev.recomp.lift.jvm;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Exclusives;
import dev.recomp.runtime.GuestMemory;

/**
 * Static operations that generated code calls for IR operations too long to inline. Values are held
 * zero-extended in a {@code long}, as in the IR interpreter; {@code bits} is always a constant at
 * the call site, so after inlining the JIT folds the width tests away. Part of the runtime ABI:
 * generated classes link against these signatures.
 */
public final class JvmOps {
  private JvmOps() {}

  /** The low {@code bits} bits of {@code v}. */
  public static long mask(long v, int bits) {
    return bits >= 64 ? v : v & ((1L << bits) - 1);
  }

  /** Low half of a 128-bit left shift by {@code n} mod 128. */
  public static long shl128Lo(long lo, long n) {
    int s = (int) (n & 127);
    return s >= 64 ? 0 : lo << s;
  }

  /** High half of a 128-bit left shift by {@code n} mod 128. */
  public static long shl128Hi(long lo, long hi, long n) {
    int s = (int) (n & 127);
    return s == 0 ? hi : s < 64 ? (hi << s) | (lo >>> (64 - s)) : lo << (s - 64);
  }

  /** Low half of a 128-bit logical right shift by {@code n} mod 128. */
  public static long lshr128Lo(long lo, long hi, long n) {
    int s = (int) (n & 127);
    return s == 0 ? lo : s < 64 ? (lo >>> s) | (hi << (64 - s)) : hi >>> (s - 64);
  }

  /** High half of a 128-bit logical right shift by {@code n} mod 128. */
  public static long lshr128Hi(long hi, long n) {
    int s = (int) (n & 127);
    return s >= 64 ? 0 : hi >>> s;
  }

  /** How generated code holds NZCV: packed, or as the operands of the op that set it. */
  public static final int FLAGS_PACKED = 0;

  public static final int FLAGS_ADD32 = 1;
  public static final int FLAGS_ADD64 = 2;
  public static final int FLAGS_LOGIC32 = 3;
  public static final int FLAGS_LOGIC64 = 4;

  /**
   * NZCV packed from its lazy form: {@code packed} itself, the flags of AddWithCarry(a, b, carry),
   * or those of the logical result {@code a}.
   */
  public static long packedFlags(int kind, long a, long b, long carry, long packed) {
    return switch (kind) {
      case FLAGS_ADD32 -> addFlags(a, b, carry, 32);
      case FLAGS_ADD64 -> addFlags(a, b, carry, 64);
      case FLAGS_LOGIC32 -> nzFlags(a, 32);
      case FLAGS_LOGIC64 -> nzFlags(a, 64);
      default -> packed;
    };
  }

  /** NZCV (bits 31-28) of AddWithCarry(a, b, carry) on {@code bits} bits. */
  public static long addFlags(long a, long b, long carry, int bits) {
    long result = mask(a + b + carry, bits);
    long sign = 1L << (bits - 1);
    return ((result & sign) != 0 ? CpuState.N : 0)
        | (result == 0 ? CpuState.Z : 0)
        | (addCarry(a, b, carry, bits) ? CpuState.C : 0)
        | (addOverflow(a, b, result, bits) ? CpuState.V : 0);
  }

  /** NZCV of a logical result: N and Z from {@code result}, C and V clear. */
  public static long nzFlags(long result, int bits) {
    return (((result >>> (bits - 1)) & 1) << 31) | (result == 0 ? CpuState.Z : 0);
  }

  private static boolean addCarry(long a, long b, long carry, int bits) {
    if (bits == 64) {
      long r = a + b + carry;
      return Long.compareUnsigned(r, a) < 0 || (carry != 0 && r == a);
    }
    return ((a + b + carry) >>> bits) != 0;
  }

  private static boolean addOverflow(long a, long b, long result, int bits) {
    return (((a ^ result) & (b ^ result)) >>> (bits - 1) & 1) != 0;
  }

  /**
   * Load-exclusive of {@code bytes} bytes ({@link Exclusives#load}) at the untagged address: the
   * low 64 bits; a pair's high half goes to {@code scratch[0]}.
   */
  public static long loadExclusive(
      CpuState cpu, GuestMemory memory, long addr, int bytes, long[] scratch) {
    return Exclusives.load(memory, cpu, GuestMemory.untag(addr), bytes, scratch);
  }

  /** Store-exclusive ({@link Exclusives#store}) at the untagged address: the status, 0 or 1. */
  public static long storeExclusive(
      CpuState cpu, GuestMemory memory, long addr, int bytes, long lo, long hi) {
    return Exclusives.store(memory, cpu, GuestMemory.untag(addr), bytes, lo, hi);
  }
}
