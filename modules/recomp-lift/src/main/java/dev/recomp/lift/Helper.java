package dev.recomp.lift;

import dev.recomp.lift.internal.helpers.Counters;
import dev.recomp.lift.internal.helpers.FloatingPoint;
import dev.recomp.lift.internal.helpers.Vectors;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Named runtime helpers with their signatures; one Java implementation serves the interpreter and
 * every backend.
 *
 * <p>Each helper is the public static method {@link #method()} of {@link #owner()}: one {@code
 * long} per argument of up to 64 bits (zero-extended), two ({@code lo, hi}) per {@code i128}
 * argument, and for an {@code i128} result a trailing {@code long[] out} that receives the high
 * half in {@code out[0]}; the method returns the (low) 64 bits of the result. Arguments documented
 * as selectors are constants naming an operation of the owner's tables.
 *
 * <p>Floating-point helpers return {@code i128}: the result's bits in the low half and the new FPSR
 * in the high half. They follow the ARM ARM pseudocode: FPCR gives the rounding mode, FZ and DN;
 * FPSR collects the cumulative exception flags.
 */
public enum Helper {
  /** The virtual counter CNTVCT_EL0, ticking at {@link #COUNTER_FREQUENCY_HZ}. */
  READ_CNTVCT(Counters.class, Type.I64),

  /** {@code (op, bits, a, b, fpcr, fpsr)}: FADD, FSUB, FMUL, FDIV, FMAX, FMIN, FMAXNM, FMINNM. */
  FP_BINARY(
      FloatingPoint.class, Type.I128, Type.I32, Type.I32, Type.I64, Type.I64, Type.I32, Type.I32),
  /** {@code (bits, addend, a, b, fpcr, fpsr)}: the fused {@code addend + a * b}. */
  FP_MUL_ADD(
      FloatingPoint.class, Type.I128, Type.I32, Type.I64, Type.I64, Type.I64, Type.I32, Type.I32),
  /** {@code (bits, a, fpcr, fpsr)}: FSQRT. */
  FP_SQRT(FloatingPoint.class, Type.I128, Type.I32, Type.I64, Type.I32, Type.I32),
  /** {@code (bits, a, rounding, exact, fpcr, fpsr)}: FRINT*. */
  FP_ROUND_INT(
      FloatingPoint.class, Type.I128, Type.I32, Type.I64, Type.I32, Type.I32, Type.I32, Type.I32),
  /** {@code (fromBits, toBits, a, fpcr, fpsr)}: FCVT between precisions. */
  FP_CONVERT(FloatingPoint.class, Type.I128, Type.I32, Type.I32, Type.I64, Type.I32, Type.I32),
  /**
   * {@code (bits, a, b, signalling, fpcr, fpsr)}: FCMP/FCMPE; the low half is NZCV (bits 31-28).
   */
  FP_COMPARE(
      FloatingPoint.class, Type.I128, Type.I32, Type.I64, Type.I64, Type.I32, Type.I32, Type.I32),
  /** {@code (bits, a, intBits, unsigned, rounding, fbits, fpcr, fpsr)}: FCVT[NPMZA][SU]. */
  FP_TO_INT(
      FloatingPoint.class,
      Type.I128,
      Type.I32,
      Type.I64,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I32),
  /** {@code (intBits, unsigned, a, bits, fbits, fpcr, fpsr)}: SCVTF, UCVTF. */
  INT_TO_FP(
      FloatingPoint.class,
      Type.I128,
      Type.I32,
      Type.I32,
      Type.I64,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I32),

  /**
   * {@code (op, bits, datasize, a, b, fpcr, fpsr)}: lane-wise FP arithmetic, compares and
   * conversions (AdvSIMD); the result's lanes. {@link #VEC_FP_STATUS} gives the FPSR.
   */
  VEC_FP(
      FloatingPoint.class,
      Type.I128,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I128,
      Type.I128,
      Type.I32,
      Type.I32),
  /** The FPSR after the {@link #VEC_FP} of the same arguments. */
  VEC_FP_STATUS(
      FloatingPoint.class,
      Type.I64,
      Type.I32,
      Type.I32,
      Type.I32,
      Type.I128,
      Type.I128,
      Type.I32,
      Type.I32),

  /**
   * {@code (bits, datasize, addend, a, b, fpcr, fpsr)}: lane-wise fused {@code addend + a * b}
   * (FMLA; FMLS negates a first). {@link #VEC_FP_MUL_ADD_STATUS} gives the FPSR.
   */
  VEC_FP_MUL_ADD(
      FloatingPoint.class,
      Type.I128,
      Type.I32,
      Type.I32,
      Type.I128,
      Type.I128,
      Type.I128,
      Type.I32,
      Type.I32),
  /** The FPSR after the {@link #VEC_FP_MUL_ADD} of the same arguments. */
  VEC_FP_MUL_ADD_STATUS(
      FloatingPoint.class,
      Type.I64,
      Type.I32,
      Type.I32,
      Type.I128,
      Type.I128,
      Type.I128,
      Type.I32,
      Type.I32),

  /** {@code (op, esize, a, b)}: lane-wise arithmetic and compares on 128 bits. */
  VEC_BINARY(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I128, Type.I128),
  /** {@code (op, esize, a)}: lane-wise one-operand operations on 128 bits. */
  VEC_UNARY(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I128),
  /** {@code (op, esize, datasize, a, b)}: pairwise operations over the concatenation b:a. */
  VEC_PAIRWISE(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I32, Type.I128, Type.I128),
  /** {@code (op, esize, datasize, a)}: reductions across the lanes; the scalar result. */
  VEC_ACROSS(Vectors.class, Type.I64, Type.I32, Type.I32, Type.I32, Type.I128),
  /** {@code (op, esize, shift, a, d)}: shifts by an immediate (d is the accumulator or insert). */
  VEC_SHIFT(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I32, Type.I128, Type.I128),
  /** {@code (op, esize, shift, a)}: narrowing of 2*esize lanes into 64 bits of esize lanes. */
  VEC_NARROW(Vectors.class, Type.I64, Type.I32, Type.I32, Type.I32, Type.I128),
  /** {@code (op, esize, a, b)}: widening operations; b holds 64 bits of esize lanes. */
  VEC_WIDEN(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I128, Type.I64),
  /** {@code (op, esize, datasize, a, b)}: UZP, ZIP, TRN. */
  VEC_PERMUTE(Vectors.class, Type.I128, Type.I32, Type.I32, Type.I32, Type.I128, Type.I128),
  /** {@code (registers, indices, t0, t1, t2, t3, otherwise)}: TBL/TBX byte lookup. */
  VEC_TABLE(
      Vectors.class,
      Type.I128,
      Type.I32,
      Type.I128,
      Type.I128,
      Type.I128,
      Type.I128,
      Type.I128,
      Type.I128);

  /** CNTFRQ_EL0 as qemu's Cortex-A53 model reports it. */
  public static final long COUNTER_FREQUENCY_HZ = 62_500_000L;

  private final Class<?> owner;
  private final Type result;
  private final List<Type> params;
  private volatile MethodHandle handle;

  Helper(Class<?> owner, Type result, Type... params) {
    this.owner = owner;
    this.result = result;
    this.params = List.of(params);
  }

  public Type result() {
    return result;
  }

  public List<Type> params() {
    return params;
  }

  /** The class holding the implementation. */
  public Class<?> owner() {
    return owner;
  }

  /** The implementation's method name: the helper's name in lower camel case. */
  public String method() {
    StringBuilder s = new StringBuilder();
    boolean upper = false;
    for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        s.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return s.toString();
  }

  /** The implementation's Java parameter types, in the calling convention above. */
  public List<Class<?>> javaParams() {
    List<Class<?>> out = new ArrayList<>();
    for (Type t : params) {
      out.add(long.class);
      if (t == Type.I128) {
        out.add(long.class);
      }
    }
    if (result == Type.I128) {
      out.add(long[].class);
    }
    return out;
  }

  /**
   * Runs the implementation on already flattened arguments ({@code i128} as lo, hi); for an {@code
   * i128} result the high half is left in {@code out[0]}.
   */
  public long invoke(long[] flatArgs, long[] out) {
    Object[] args = new Object[flatArgs.length + (result == Type.I128 ? 1 : 0)];
    for (int i = 0; i < flatArgs.length; i++) {
      args[i] = flatArgs[i];
    }
    if (result == Type.I128) {
      args[flatArgs.length] = out;
    }
    try {
      return (long) handle().invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("helper " + this + " failed", t);
    }
  }

  private MethodHandle handle() {
    MethodHandle h = handle;
    if (h == null) {
      try {
        h =
            MethodHandles.publicLookup()
                .findStatic(owner, method(), MethodType.methodType(long.class, javaParams()));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("helper " + this + " has no implementation", e);
      }
      handle = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
