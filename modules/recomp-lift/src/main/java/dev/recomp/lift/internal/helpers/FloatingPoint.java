package dev.recomp.lift.internal.helpers;

import java.math.BigInteger;

/**
 * A64 scalar floating-point as the ARM ARM pseudocode defines it (FPUnpack, FPProcessNaNs, FPRound,
 * FPToFixed, FixedToFP, FPRoundInt, FPCompare): exact intermediate values, rounding by FPCR.RMode
 * or an explicit mode, FZ (flush to zero, inputs raise IDC, tiny results UFC), DN (default NaN) and
 * the cumulative FPSR flags. Tininess is detected before rounding, as on ARM.
 *
 * <p>Every helper returns the result's bits and leaves the new FPSR in {@code out[0]}.
 */
public final class FloatingPoint {
  private FloatingPoint() {}

  /** FPSR cumulative exception bits. */
  static final int IOC = 1;

  static final int DZC = 2;
  static final int OFC = 4;
  static final int UFC = 8;
  public static final int IXC = 16;
  static final int IDC = 128;

  /** FP_BINARY selectors. */
  public static final int ADD = 0;

  public static final int SUB = 1;
  public static final int MUL = 2;
  public static final int DIV = 3;
  public static final int MAX = 4;
  public static final int MIN = 5;
  public static final int MAXNM = 6;
  public static final int MINNM = 7;

  /** Rounding selectors: FPCR.RMode values, ties-away, and "as FPCR says". */
  public static final int TIE_EVEN = 0;

  public static final int POS_INF = 1;
  public static final int NEG_INF = 2;
  public static final int ZERO = 3;
  public static final int TIE_AWAY = 4;
  public static final int FPCR_MODE = 5;

  private enum Kind {
    ZERO,
    FINITE,
    INF,
    QNAN,
    SNAN
  }

  /** An IEEE format: binary16, binary32 or binary64. */
  private record Format(int bits, int expBits, int fracBits) {
    static Format of(long bits) {
      return switch ((int) bits) {
        case 16 -> new Format(16, 5, 10);
        case 32 -> new Format(32, 8, 23);
        case 64 -> new Format(64, 11, 52);
        default -> throw new IllegalArgumentException("no format of " + bits + " bits");
      };
    }

    long signBit() {
      return 1L << (bits - 1);
    }

    long fracMask() {
      return (1L << fracBits) - 1;
    }

    int maxExp() {
      return (1 << expBits) - 1;
    }

    /** The exponent of the smallest normal number. */
    int minExp() {
      return 2 - (1 << (expBits - 1));
    }

    long zero(boolean negative) {
      return negative ? signBit() : 0;
    }

    long infinity(boolean negative) {
      return zero(negative) | ((long) maxExp() << fracBits);
    }

    long maxNormal(boolean negative) {
      return zero(negative) | ((long) (maxExp() - 1) << fracBits) | fracMask();
    }

    long defaultNaN() {
      return ((long) maxExp() << fracBits) | (1L << (fracBits - 1));
    }
  }

  /** An unpacked operand: for FINITE, the value is {@code (-1)^sign * mant * 2^exp}. */
  private record Operand(Kind kind, boolean sign, long mant, int exp, long raw) {
    boolean isNaN() {
      return kind == Kind.QNAN || kind == Kind.SNAN;
    }

    boolean isInf() {
      return kind == Kind.INF;
    }

    boolean isZero() {
      return kind == Kind.ZERO;
    }
  }

  /** FPCR in, cumulative flags out, for one operation. */
  private static final class Env {
    final long fpcr;
    long fpsr;

    Env(long fpcr, long fpsr) {
      this.fpcr = fpcr;
      this.fpsr = fpsr;
    }

    boolean flushToZero() {
      return (fpcr & (1L << 24)) != 0;
    }

    boolean defaultNaN() {
      return (fpcr & (1L << 25)) != 0;
    }

    /** FPCR.AHP: binary16 values of conversions use the alternative format (no inf or NaN). */
    boolean alternativeHalf() {
      return (fpcr & (1L << 26)) != 0;
    }

    int rounding(long selector) {
      return selector == FPCR_MODE ? (int) ((fpcr >>> 22) & 3) : (int) selector;
    }

    void raise(int flag) {
      fpsr |= flag;
    }

    long done(long result, long[] out) {
      out[0] = fpsr & 0xffff_ffffL;
      return result;
    }
  }

  private static Operand unpack(long raw, Format f, Env env) {
    long bits = raw & (f.bits() == 64 ? -1L : (1L << f.bits()) - 1);
    boolean sign = (bits & f.signBit()) != 0;
    int exp = (int) ((bits >>> f.fracBits()) & f.maxExp());
    long frac = bits & f.fracMask();
    if (exp == 0) {
      if (frac == 0) {
        return new Operand(Kind.ZERO, sign, 0, 0, bits);
      }
      if (f.bits() != 16 && env.flushToZero()) {
        env.raise(IDC);
        return new Operand(Kind.ZERO, sign, 0, 0, f.zero(sign));
      }
      return new Operand(Kind.FINITE, sign, frac, f.minExp() - f.fracBits(), bits);
    }
    if (exp == f.maxExp() && !(f.bits() == 16 && env.alternativeHalf())) {
      if (frac == 0) {
        return new Operand(Kind.INF, sign, 0, 0, bits);
      }
      boolean quiet = (frac & (1L << (f.fracBits() - 1))) != 0;
      return new Operand(quiet ? Kind.QNAN : Kind.SNAN, sign, 0, 0, bits);
    }
    long mant = frac | (1L << f.fracBits());
    return new Operand(
        Kind.FINITE, sign, mant, exp - (1 << (f.expBits() - 1)) + 1 - f.fracBits(), bits);
  }

  private static long processNaN(Operand op, Format f, Env env) {
    long result = op.raw();
    if (op.kind() == Kind.SNAN) {
      env.raise(IOC);
      result |= 1L << (f.fracBits() - 1);
    }
    return env.defaultNaN() ? f.defaultNaN() : result;
  }

  /** FPProcessNaNs over any number of operands: signalling first, then quiet; null if none. */
  private static Long processNaNs(Format f, Env env, Operand... ops) {
    for (Operand op : ops) {
      if (op.kind() == Kind.SNAN) {
        return processNaN(op, f, env);
      }
    }
    for (Operand op : ops) {
      if (op.kind() == Kind.QNAN) {
        return processNaN(op, f, env);
      }
    }
    return null;
  }

  private static long invalid(Format f, Env env) {
    env.raise(IOC);
    return f.defaultNaN();
  }

  /** The operand as an exact signed integer scaled to {@code exp}. */
  private static BigInteger scaled(Operand op, int exp) {
    BigInteger m = BigInteger.valueOf(op.mant()).shiftLeft(op.exp() - exp);
    return op.sign() ? m.negate() : m;
  }

  /** FPRound of the non-zero exact value {@code (-1)^negative * mant * 2^exp}. */
  private static long round(
      boolean negative, BigInteger mant, int exp, Format f, Env env, int rounding) {
    int e = mant.bitLength() - 1 + exp;
    int minExp = f.minExp();
    int fracBits = f.fracBits();
    if (f.bits() != 16 && env.flushToZero() && e < minExp) {
      env.raise(UFC);
      return f.zero(negative);
    }
    int biased = Math.max(e - minExp + 1, 0);
    int shift = exp - ((biased == 0 ? minExp : e) - fracBits);
    long intMant;
    int error; // 0 exact, 1 below half, 2 half, 3 above half
    if (shift >= 0) {
      intMant = mant.shiftLeft(shift).longValue();
      error = 0;
    } else {
      BigInteger q = mant.shiftRight(-shift);
      BigInteger r = mant.subtract(q.shiftLeft(-shift));
      intMant = q.longValue();
      error = errorClass(r, -shift);
    }
    if (biased == 0 && error != 0) {
      env.raise(UFC);
    }
    boolean roundUp;
    boolean overflowToInf;
    switch (rounding) {
      case TIE_EVEN -> {
        roundUp = error == 3 || (error == 2 && (intMant & 1) != 0);
        overflowToInf = true;
      }
      case POS_INF -> {
        roundUp = error != 0 && !negative;
        overflowToInf = !negative;
      }
      case NEG_INF -> {
        roundUp = error != 0 && negative;
        overflowToInf = negative;
      }
      case ZERO -> {
        roundUp = false;
        overflowToInf = false;
      }
      default -> {
        roundUp = error >= 2;
        overflowToInf = true;
      }
    }
    if (roundUp) {
      intMant++;
      if (intMant == 1L << fracBits) {
        biased = 1;
      }
      if (intMant == 1L << (fracBits + 1)) {
        biased++;
        intMant >>>= 1;
      }
    }
    long result;
    if (f.bits() == 16 && env.alternativeHalf()) {
      if (biased > f.maxExp()) {
        result = f.zero(negative) | 0x7fff;
        env.raise(IOC);
        error = 0;
      } else {
        result = f.zero(negative) | ((long) biased << fracBits) | (intMant & f.fracMask());
      }
    } else if (biased >= f.maxExp()) {
      result = overflowToInf ? f.infinity(negative) : f.maxNormal(negative);
      env.raise(OFC);
      error = 1;
    } else {
      result = f.zero(negative) | ((long) biased << fracBits) | (intMant & f.fracMask());
    }
    if (error != 0) {
      env.raise(IXC);
    }
    return result;
  }

  /** How the discarded low {@code bits} bits {@code r} compare with half a unit. */
  private static int errorClass(BigInteger r, int bits) {
    if (r.signum() == 0) {
      return 0;
    }
    int c = r.compareTo(BigInteger.ONE.shiftLeft(bits - 1));
    return c < 0 ? 1 : c == 0 ? 2 : 3;
  }

  /** Rounds the exact signed value {@code v * 2^exp}; zero gets the sign of the rounding mode. */
  private static long roundSigned(BigInteger v, int exp, Format f, Env env, int rounding) {
    if (v.signum() == 0) {
      return f.zero(rounding == NEG_INF);
    }
    return round(v.signum() < 0, v.abs(), exp, f, env, rounding);
  }

  /** {@link dev.recomp.lift.Helper#FP_BINARY}. */
  public static long fpBinary(
      long op, long bits, long a, long b, long fpcr, long fpsr, long[] out) {
    if (op <= DIV && ((fpcr >>> 22) & 3) == TIE_EVEN) {
      long fast =
          bits == 64
              ? fastDouble((int) op, a, b, fpsr, out)
              : fastSingle((int) op, a, b, fpsr, out);
      if (fast != NO_FAST_PATH) {
        return fast;
      }
    }
    return binaryExact(op, bits, a, b, fpcr, fpsr, out);
  }

  /** {@link #fpBinary} by the pseudocode's exact arithmetic, without the host fast path. */
  static long binaryExact(long op, long bits, long a, long b, long fpcr, long fpsr, long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, f, env);
    Operand y = unpack(b, f, env);
    int rounding = env.rounding(FPCR_MODE);
    long result =
        switch ((int) op) {
          case ADD, SUB -> add(x, y, op == SUB, f, env, rounding);
          case MUL -> mul(x, y, f, env, rounding);
          case DIV -> div(x, y, f, env, rounding);
          case MAX, MIN -> maxMin(x, y, op == MAX, f, env);
          case MAXNM, MINNM -> {
            boolean max = op == MAXNM;
            Operand nx = x;
            Operand ny = y;
            if (x.kind() == Kind.QNAN && y.kind() != Kind.QNAN) {
              nx = unpack(f.infinity(max), f, env);
            } else if (y.kind() == Kind.QNAN && x.kind() != Kind.QNAN) {
              ny = unpack(f.infinity(max), f, env);
            }
            yield maxMin(nx, ny, max, f, env);
          }
          default -> throw new IllegalArgumentException("no FP operation " + op);
        };
    return env.done(result, out);
  }

  /** Says the fast path does not apply: a NaN, which no fast-path result is. */
  private static final long NO_FAST_PATH = 0x7ff8_dead_0000_0000L;

  private static final double TINY = 0x1p-900;
  private static final double HUGE = 0x1p900;

  /**
   * Binary64 ADD/SUB/MUL/DIV under round-to-nearest by the host's IEEE arithmetic when both
   * operands and the result are far enough from the ends of the range that the error term is exact
   * (so FZ, DN, underflow and overflow cannot matter): the result's bits with FPSR in {@code
   * out[0]}, or {@link #NO_FAST_PATH}. Inexact is the only flag; it comes from the exact error
   * (TwoSum, FMA).
   */
  private static long fastDouble(int op, long a, long b, long fpsr, long[] out) {
    double x = Double.longBitsToDouble(a);
    double y = Double.longBitsToDouble(b);
    if (!moderate(x) || !moderate(y)) {
      return NO_FAST_PATH;
    }
    double r;
    boolean inexact;
    switch (op) {
      case ADD, SUB -> {
        double yy = op == SUB ? -y : y;
        r = x + yy;
        double bb = r - x;
        inexact = (x - (r - bb)) + (yy - bb) != 0;
      }
      case MUL -> {
        r = x * y;
        inexact = Math.fma(x, y, -r) != 0;
      }
      default -> {
        r = x / y;
        inexact = Math.fma(-r, y, x) != 0;
      }
    }
    if (!moderate(r)) {
      return NO_FAST_PATH;
    }
    out[0] = (fpsr | (inexact ? IXC : 0)) & 0xffff_ffffL;
    return Double.doubleToRawLongBits(r);
  }

  private static boolean moderate(double v) {
    double m = Math.abs(v);
    return m >= TINY && m <= HUGE;
  }

  /** Binary32 values far from both ends of the range: no flag but inexact can arise near them. */
  private static boolean moderate(float v) {
    float m = Math.abs(v);
    return m >= 0x1p-100f && m <= 0x1p100f;
  }

  /** Binary32 counterpart of {@link #fastDouble}: exact in binary64, then one rounding. */
  private static long fastSingle(int op, long a, long b, long fpsr, long[] out) {
    float x = Float.intBitsToFloat((int) a);
    float y = Float.intBitsToFloat((int) b);
    if (!normal(x) || !normal(y)) {
      return NO_FAST_PATH;
    }
    double dx = x;
    double dy = y;
    float r;
    boolean inexact;
    switch (op) {
      case ADD, SUB -> {
        double yy = op == SUB ? -dy : dy;
        double sum = dx + yy;
        double bb = sum - dx;
        r = (float) sum;
        inexact = (dx - (sum - bb)) + (yy - bb) != 0 || r != sum;
      }
      case MUL -> {
        double product = dx * dy;
        r = (float) product;
        inexact = r != product;
      }
      default -> {
        r = (float) (dx / dy);
        inexact = Math.fma(-(double) r, dy, dx) != 0;
      }
    }
    if (!normal(r) || Math.abs(r) == Float.MIN_NORMAL) {
      return NO_FAST_PATH;
    }
    out[0] = (fpsr | (inexact ? IXC : 0)) & 0xffff_ffffL;
    return Float.floatToRawIntBits(r) & 0xffff_ffffL;
  }

  private static boolean normal(float v) {
    return Float.isFinite(v) && Math.abs(v) >= Float.MIN_NORMAL;
  }

  private static long add(Operand x, Operand y, boolean subtract, Format f, Env env, int rounding) {
    Long nan = processNaNs(f, env, x, y);
    if (nan != null) {
      return nan;
    }
    boolean signY = y.sign() ^ subtract;
    if (x.isInf() && y.isInf() && x.sign() != signY) {
      return invalid(f, env);
    }
    if ((x.isInf() && !x.sign()) || (y.isInf() && !signY)) {
      return f.infinity(false);
    }
    if ((x.isInf() && x.sign()) || (y.isInf() && signY)) {
      return f.infinity(true);
    }
    if (x.isZero() && y.isZero() && x.sign() == signY) {
      return f.zero(x.sign());
    }
    int exp =
        Math.min(
            x.isZero() ? Integer.MAX_VALUE : x.exp(), y.isZero() ? Integer.MAX_VALUE : y.exp());
    BigInteger sx = x.isZero() ? BigInteger.ZERO : scaled(x, exp);
    BigInteger sy = y.isZero() ? BigInteger.ZERO : scaled(y, exp);
    return roundSigned(subtract ? sx.subtract(sy) : sx.add(sy), exp, f, env, rounding);
  }

  private static long mul(Operand x, Operand y, Format f, Env env, int rounding) {
    Long nan = processNaNs(f, env, x, y);
    if (nan != null) {
      return nan;
    }
    boolean sign = x.sign() ^ y.sign();
    if ((x.isInf() && y.isZero()) || (x.isZero() && y.isInf())) {
      return invalid(f, env);
    }
    if (x.isInf() || y.isInf()) {
      return f.infinity(sign);
    }
    if (x.isZero() || y.isZero()) {
      return f.zero(sign);
    }
    BigInteger m = BigInteger.valueOf(x.mant()).multiply(BigInteger.valueOf(y.mant()));
    return round(sign, m, x.exp() + y.exp(), f, env, rounding);
  }

  private static long div(Operand x, Operand y, Format f, Env env, int rounding) {
    Long nan = processNaNs(f, env, x, y);
    if (nan != null) {
      return nan;
    }
    boolean sign = x.sign() ^ y.sign();
    if ((x.isInf() && y.isInf()) || (x.isZero() && y.isZero())) {
      return invalid(f, env);
    }
    if (x.isInf() || y.isZero()) {
      if (!x.isInf()) {
        env.raise(DZC);
      }
      return f.infinity(sign);
    }
    if (x.isZero() || y.isInf()) {
      return f.zero(sign);
    }
    int k = f.fracBits() + 3 + 64;
    BigInteger[] qr =
        BigInteger.valueOf(x.mant()).shiftLeft(k).divideAndRemainder(BigInteger.valueOf(y.mant()));
    return round(sign, sticky(qr[0], qr[1]), x.exp() - y.exp() - k - 1, f, env, rounding);
  }

  /** The quotient with one more bit that is set when the remainder is not zero. */
  private static BigInteger sticky(BigInteger q, BigInteger remainder) {
    BigInteger s = q.shiftLeft(1);
    return remainder.signum() == 0 ? s : s.setBit(0);
  }

  private static long maxMin(Operand x, Operand y, boolean max, Format f, Env env) {
    Long nan = processNaNs(f, env, x, y);
    if (nan != null) {
      return nan;
    }
    int c = Double.compare(real(x, f), real(y, f));
    Operand pick = max ? (c > 0 ? x : y) : (c < 0 ? x : y);
    if (pick.isInf()) {
      return f.infinity(pick.sign());
    }
    if (pick.isZero()) {
      boolean sign = max ? x.sign() && y.sign() : x.sign() || y.sign();
      return f.zero(sign);
    }
    return pick.raw();
  }

  /** The value of a non-NaN operand as a double (exact for binary16/32/64); zeros compare equal. */
  private static double real(Operand op, Format f) {
    return switch (op.kind()) {
      case ZERO -> 0.0;
      case INF -> op.sign() ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      default -> (op.sign() ? -1 : 1) * Math.scalb((double) op.mant(), op.exp());
    };
  }

  /** {@link dev.recomp.lift.Helper#FP_MUL_ADD}. */
  public static long fpMulAdd(
      long bits, long addend, long a, long b, long fpcr, long fpsr, long[] out) {
    // Host FMA when inexact is already raised (it is sticky, and programs rarely clear it), so only
    // the result and the other flags matter; moderate values rule those out.
    if ((fpsr & IXC) != 0 && ((fpcr >>> 22) & 3) == TIE_EVEN) {
      if (bits == 64) {
        double r =
            Math.fma(
                Double.longBitsToDouble(a),
                Double.longBitsToDouble(b),
                Double.longBitsToDouble(addend));
        if (moderate(Double.longBitsToDouble(a))
            && moderate(Double.longBitsToDouble(b))
            && moderate(Double.longBitsToDouble(addend))
            && moderate(r)) {
          out[0] = fpsr & 0xffff_ffffL;
          return Double.doubleToRawLongBits(r);
        }
      } else if (bits == 32) {
        float r =
            Math.fma(
                Float.intBitsToFloat((int) a),
                Float.intBitsToFloat((int) b),
                Float.intBitsToFloat((int) addend));
        if (moderate(Float.intBitsToFloat((int) a))
            && moderate(Float.intBitsToFloat((int) b))
            && moderate(Float.intBitsToFloat((int) addend))
            && moderate(r)) {
          out[0] = fpsr & 0xffff_ffffL;
          return Float.floatToRawIntBits(r) & 0xffff_ffffL;
        }
      }
    }
    return mulAddExact(bits, addend, a, b, fpcr, fpsr, out);
  }

  /** {@link #fpMulAdd} by the pseudocode's exact arithmetic, without the host fast path. */
  static long mulAddExact(
      long bits, long addend, long a, long b, long fpcr, long fpsr, long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand add = unpack(addend, f, env);
    Operand x = unpack(a, f, env);
    Operand y = unpack(b, f, env);
    int rounding = env.rounding(FPCR_MODE);
    boolean infTimesZero = (x.isInf() && y.isZero()) || (x.isZero() && y.isInf());
    Long nan = processNaNs(f, env, add, x, y);
    if (add.kind() == Kind.QNAN && infTimesZero) {
      return env.done(invalid(f, env), out);
    }
    if (nan != null) {
      return env.done(nan, out);
    }
    boolean signP = x.sign() ^ y.sign();
    boolean infP = x.isInf() || y.isInf();
    boolean zeroP = x.isZero() || y.isZero();
    long result;
    if (infTimesZero || (add.isInf() && infP && add.sign() != signP)) {
      result = invalid(f, env);
    } else if ((add.isInf() && !add.sign()) || (infP && !signP)) {
      result = f.infinity(false);
    } else if ((add.isInf() && add.sign()) || (infP && signP)) {
      result = f.infinity(true);
    } else if (add.isZero() && zeroP && add.sign() == signP) {
      result = f.zero(add.sign());
    } else {
      int expP = x.exp() + y.exp();
      BigInteger p =
          zeroP
              ? BigInteger.ZERO
              : BigInteger.valueOf(x.mant()).multiply(BigInteger.valueOf(y.mant()));
      if (signP) {
        p = p.negate();
      }
      if (add.isZero()) {
        result = roundSigned(p, expP, f, env, rounding);
      } else if (zeroP) {
        result = roundSigned(scaled(add, add.exp()), add.exp(), f, env, rounding);
      } else {
        int exp = Math.min(expP, add.exp());
        BigInteger sum = p.shiftLeft(expP - exp).add(scaled(add, exp));
        result = roundSigned(sum, exp, f, env, rounding);
      }
    }
    return env.done(result, out);
  }

  /** {@link dev.recomp.lift.Helper#FP_SQRT}. */
  public static long fpSqrt(long bits, long a, long fpcr, long fpsr, long[] out) {
    // Host square root of a positive moderate value; inexact iff the exact residue x - r*r is not
    // 0.
    if (((fpcr >>> 22) & 3) == TIE_EVEN) {
      if (bits == 64) {
        double x = Double.longBitsToDouble(a);
        if (x > 0 && moderate(x)) {
          double r = Math.sqrt(x);
          out[0] = (fpsr | (Math.fma(-r, r, x) != 0 ? IXC : 0)) & 0xffff_ffffL;
          return Double.doubleToRawLongBits(r);
        }
      } else if (bits == 32) {
        float x = Float.intBitsToFloat((int) a);
        if (x > 0 && moderate(x)) {
          float r = (float) Math.sqrt(x);
          out[0] = (fpsr | ((double) r * r != x ? IXC : 0)) & 0xffff_ffffL;
          return Float.floatToRawIntBits(r) & 0xffff_ffffL;
        }
      }
    }
    return sqrtExact(bits, a, fpcr, fpsr, out);
  }

  /** {@link #fpSqrt} by the pseudocode's exact arithmetic, without the host fast path. */
  static long sqrtExact(long bits, long a, long fpcr, long fpsr, long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, f, env);
    long result;
    if (x.isNaN()) {
      result = processNaN(x, f, env);
    } else if (x.isZero()) {
      result = f.zero(x.sign());
    } else if (x.sign()) {
      result = invalid(f, env);
    } else if (x.isInf()) {
      result = f.infinity(false);
    } else {
      BigInteger m = BigInteger.valueOf(x.mant());
      int exp = x.exp();
      if ((exp & 1) != 0) {
        m = m.shiftLeft(1);
        exp--;
      }
      int k = f.fracBits() + 3 + 64;
      m = m.shiftLeft(2 * k);
      exp -= 2 * k;
      BigInteger r = m.sqrt();
      BigInteger rem = m.subtract(r.multiply(r));
      result = round(false, sticky(r, rem), exp / 2 - 1, f, env, env.rounding(FPCR_MODE));
    }
    return env.done(result, out);
  }

  /** {@link dev.recomp.lift.Helper#FP_ROUND_INT}. */
  public static long fpRoundInt(
      long bits, long a, long rounding, long exact, long fpcr, long fpsr, long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, f, env);
    int mode = env.rounding(rounding);
    long result;
    if (x.isNaN()) {
      result = processNaN(x, f, env);
    } else if (x.isInf() || x.isZero()) {
      result = x.isInf() ? f.infinity(x.sign()) : f.zero(x.sign());
    } else {
      Rounded r = toInteger(x, 0, mode);
      if (r.value().signum() == 0) {
        result = f.zero(x.sign());
      } else {
        result = round(r.value().signum() < 0, r.value().abs(), 0, f, env, ZERO);
      }
      if (r.inexact() && exact != 0) {
        env.raise(IXC);
      }
    }
    return env.done(result, out);
  }

  private record Rounded(BigInteger value, boolean inexact) {}

  /** The finite operand times {@code 2^fbits} rounded to an integer by {@code mode}. */
  private static Rounded toInteger(Operand x, int fbits, int mode) {
    BigInteger v = BigInteger.valueOf(x.mant());
    if (x.sign()) {
      v = v.negate();
    }
    int exp = x.exp() + fbits;
    if (exp >= 0) {
      return new Rounded(v.shiftLeft(exp), false);
    }
    BigInteger q = v.shiftRight(-exp);
    int error = errorClass(v.subtract(q.shiftLeft(-exp)), -exp);
    boolean roundUp =
        switch (mode) {
          case TIE_EVEN -> error == 3 || (error == 2 && q.testBit(0));
          case POS_INF -> error != 0;
          case NEG_INF -> false;
          case ZERO -> error != 0 && q.signum() < 0;
          default -> error == 3 || (error == 2 && q.signum() >= 0);
        };
    return new Rounded(roundUp ? q.add(BigInteger.ONE) : q, error != 0);
  }

  /** {@link dev.recomp.lift.Helper#FP_CONVERT}. */
  public static long fpConvert(
      long fromBits, long toBits, long a, long fpcr, long fpsr, long[] out) {
    Format from = Format.of(fromBits);
    Format to = Format.of(toBits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, from, env);
    boolean alternative = to.bits() == 16 && env.alternativeHalf();
    long result;
    if (x.isNaN() && alternative) {
      env.raise(IOC);
      result = to.zero(x.sign());
    } else if (x.isInf() && alternative) {
      env.raise(IOC);
      result = to.zero(x.sign()) | 0x7fff;
    } else if (x.isNaN()) {
      if (x.kind() == Kind.SNAN) {
        env.raise(IOC);
      }
      if (env.defaultNaN()) {
        result = to.defaultNaN();
      } else {
        long frac = x.raw() & from.fracMask();
        int diff = from.fracBits() - to.fracBits();
        long moved = diff >= 0 ? frac >>> diff : frac << -diff;
        result =
            to.zero(x.sign())
                | ((long) to.maxExp() << to.fracBits())
                | (1L << (to.fracBits() - 1))
                | (moved & to.fracMask());
      }
    } else if (x.isInf()) {
      result = to.infinity(x.sign());
    } else if (x.isZero()) {
      result = to.zero(x.sign());
    } else {
      result =
          round(x.sign(), BigInteger.valueOf(x.mant()), x.exp(), to, env, env.rounding(FPCR_MODE));
    }
    return env.done(result, out);
  }

  /** {@link dev.recomp.lift.Helper#FP_COMPARE}. */
  public static long fpCompare(
      long bits, long a, long b, long signalling, long fpcr, long fpsr, long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, f, env);
    Operand y = unpack(b, f, env);
    long nzcv;
    if (x.isNaN() || y.isNaN()) {
      nzcv = 0b0011;
      if (signalling != 0 || x.kind() == Kind.SNAN || y.kind() == Kind.SNAN) {
        env.raise(IOC);
      }
    } else {
      int c = Double.compare(real(x, f), real(y, f));
      nzcv = c == 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
    }
    return env.done(nzcv << 28, out);
  }

  /** {@link dev.recomp.lift.Helper#FP_TO_INT}. */
  public static long fpToInt(
      long bits,
      long a,
      long intBits,
      long unsigned,
      long rounding,
      long fbits,
      long fpcr,
      long fpsr,
      long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    Operand x = unpack(a, f, env);
    int n = (int) intBits;
    BigInteger min = unsigned != 0 ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(n - 1).negate();
    BigInteger max =
        (unsigned != 0 ? BigInteger.ONE.shiftLeft(n) : BigInteger.ONE.shiftLeft(n - 1))
            .subtract(BigInteger.ONE);
    BigInteger value;
    boolean inexact = false;
    boolean invalid = false;
    if (x.isNaN()) {
      value = BigInteger.ZERO;
      invalid = true;
    } else if (x.isInf()) {
      value = x.sign() ? min : max;
      invalid = true;
    } else if (x.isZero()) {
      value = BigInteger.ZERO;
    } else {
      Rounded r = toInteger(x, (int) fbits, env.rounding(rounding));
      value = r.value();
      inexact = r.inexact();
      if (value.compareTo(min) < 0) {
        value = min;
        invalid = true;
      } else if (value.compareTo(max) > 0) {
        value = max;
        invalid = true;
      }
    }
    if (invalid) {
      env.raise(IOC);
    } else if (inexact) {
      env.raise(IXC);
    }
    long result = value.longValue();
    return env.done(n == 64 ? result : result & ((1L << n) - 1), out);
  }

  /** {@link dev.recomp.lift.Helper#INT_TO_FP}. */
  public static long intToFp(
      long intBits,
      long unsigned,
      long a,
      long bits,
      long fbits,
      long fpcr,
      long fpsr,
      long[] out) {
    Format f = Format.of(bits);
    Env env = new Env(fpcr, fpsr);
    int n = (int) intBits;
    BigInteger v;
    if (unsigned != 0) {
      long masked = n == 64 ? a : a & ((1L << n) - 1);
      v = new BigInteger(Long.toUnsignedString(masked));
    } else {
      v = BigInteger.valueOf(n == 64 ? a : (a << (64 - n)) >> (64 - n));
    }
    long result =
        v.signum() == 0
            ? f.zero(false)
            : round(v.signum() < 0, v.abs(), -(int) fbits, f, env, env.rounding(FPCR_MODE));
    return env.done(result, out);
  }

  /** VEC_FP selectors beyond the FP_BINARY ones (ADD..MINNM). */
  public static final int CMEQ = 8;

  public static final int CMGE = 9;
  public static final int CMGT = 10;
  public static final int ABS = 11;
  public static final int NEG = 12;
  public static final int SQRT = 13;
  public static final int SCVTF = 14;
  public static final int UCVTF = 15;
  public static final int FCVTZS = 16;
  public static final int FCVTZU = 17;

  /** {@link dev.recomp.lift.Helper#VEC_FP}: the lanes of the result. */
  public static long vecFp(
      long op,
      long bits,
      long datasize,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr,
      long[] out) {
    long[] r = lanes((int) op, (int) bits, (int) datasize, alo, ahi, blo, bhi, fpcr, fpsr);
    out[0] = r[1];
    return r[0];
  }

  /** {@link dev.recomp.lift.Helper#VEC_FP_STATUS}: the FPSR after {@link #vecFp}. */
  public static long vecFpStatus(
      long op,
      long bits,
      long datasize,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr) {
    return lanes((int) op, (int) bits, (int) datasize, alo, ahi, blo, bhi, fpcr, fpsr)[2];
  }

  /** Result low half, high half and FPSR of a lane-wise FP operation. */
  private static long[] lanes(
      int op,
      int bits,
      int datasize,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr) {
    long mask = bits == 64 ? -1L : 0xffff_ffffL;
    long sign = 1L << (bits - 1);
    long[] result = new long[3];
    long[] flags = {fpsr};
    for (int i = 0; i < datasize / bits; i++) {
      int shift = (i * bits) & 63;
      long a = lane(alo, ahi, bits, i);
      long b = lane(blo, bhi, bits, i);
      long f = flags[0];
      long r =
          switch (op) {
            case ABS -> a & ~sign;
            case NEG -> a ^ sign;
            case SQRT -> fpSqrt(bits, a, fpcr, f, flags);
            case SCVTF, UCVTF -> intToFp(bits, op == UCVTF ? 1 : 0, a, bits, 0, fpcr, f, flags);
            case FCVTZS, FCVTZU ->
                fpToInt(bits, a, bits, op == FCVTZU ? 1 : 0, ZERO, 0, fpcr, f, flags);
            case CMEQ, CMGE, CMGT -> {
              long nzcv = fpCompare(bits, a, b, op == CMEQ ? 0 : 1, fpcr, f, flags) >>> 28;
              boolean holds =
                  switch (op) {
                    case CMEQ -> nzcv == 0b0110;
                    case CMGE -> nzcv == 0b0110 || nzcv == 0b0010;
                    default -> nzcv == 0b0010;
                  };
              yield holds ? mask : 0;
            }
            default -> fpBinary(op, bits, a, b, fpcr, f, flags);
          };
      result[i * bits < 64 ? 0 : 1] |= (r & mask) << shift;
    }
    result[2] = flags[0];
    return result;
  }

  /** Lane {@code i} of {@code bits} bits of the 128-bit value lo:hi. */
  private static long lane(long lo, long hi, int bits, int i) {
    long word = i * bits < 64 ? lo : hi;
    return bits == 64 ? word : (word >>> ((i * bits) & 63)) & 0xffff_ffffL;
  }

  /** {@link dev.recomp.lift.Helper#VEC_FP_MUL_ADD}: the lanes of the result. */
  public static long vecFpMulAdd(
      long bits,
      long datasize,
      long dlo,
      long dhi,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr,
      long[] out) {
    if (bits == 64 && fusedFastPathApplies(fpcr, fpsr)) {
      long lo = fusedLane(dlo, alo, blo);
      long hi = datasize == 128 ? fusedLane(dhi, ahi, bhi) : 0;
      if (lo != NO_FAST_PATH && hi != NO_FAST_PATH) {
        out[0] = hi;
        return lo;
      }
    }
    long[] r = mulAddLanes((int) bits, (int) datasize, dlo, dhi, alo, ahi, blo, bhi, fpcr, fpsr);
    out[0] = r[1];
    return r[0];
  }

  /**
   * Whether a binary64 vector FMLA may take {@link #fpMulAdd}'s fast path, which leaves the FPSR as
   * it is: inexact already raised, round to nearest. Each lane must also be moderate.
   */
  private static boolean fusedFastPathApplies(long fpcr, long fpsr) {
    return (fpsr & IXC) != 0 && ((fpcr >>> 22) & 3) == TIE_EVEN;
  }

  /** One binary64 lane d + a * b by the host's FMA, or {@link #NO_FAST_PATH} unless moderate. */
  private static long fusedLane(long d, long a, long b) {
    double x = Double.longBitsToDouble(a);
    double y = Double.longBitsToDouble(b);
    double z = Double.longBitsToDouble(d);
    double r = Math.fma(x, y, z);
    return moderate(x) && moderate(y) && moderate(z) && moderate(r)
        ? Double.doubleToRawLongBits(r)
        : NO_FAST_PATH;
  }

  /** {@link dev.recomp.lift.Helper#VEC_FP_MUL_ADD_STATUS}: the FPSR after {@link #vecFpMulAdd}. */
  public static long vecFpMulAddStatus(
      long bits,
      long datasize,
      long dlo,
      long dhi,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr) {
    if (bits == 64
        && fusedFastPathApplies(fpcr, fpsr)
        && fusedLane(dlo, alo, blo) != NO_FAST_PATH
        && (datasize == 64 || fusedLane(dhi, ahi, bhi) != NO_FAST_PATH)) {
      return fpsr & 0xffff_ffffL;
    }
    return mulAddLanes((int) bits, (int) datasize, dlo, dhi, alo, ahi, blo, bhi, fpcr, fpsr)[2];
  }

  /** Result low half, high half and FPSR of the lane-wise fused multiply-add, lanes in order. */
  private static long[] mulAddLanes(
      int bits,
      int datasize,
      long dlo,
      long dhi,
      long alo,
      long ahi,
      long blo,
      long bhi,
      long fpcr,
      long fpsr) {
    long[] result = new long[3];
    long[] flags = {fpsr};
    for (int i = 0; i < datasize / bits; i++) {
      long r =
          fpMulAdd(
              bits,
              lane(dlo, dhi, bits, i),
              lane(alo, ahi, bits, i),
              lane(blo, bhi, bits, i),
              fpcr,
              flags[0],
              flags);
      result[i * bits < 64 ? 0 : 1] |= r << ((i * bits) & 63);
    }
    result[2] = flags[0];
    return result;
  }
}
