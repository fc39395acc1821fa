package dev.recomp.lift;

import java.util.Objects;

/** An operand: a block-local SSA temporary or a constant. */
public sealed interface Value permits Value.Temp, Value.Const {

  /** The value's type. */
  Type type();

  /** A temporary defined exactly once inside a block, numbered from 0. */
  record Temp(int id, Type type) implements Value {
    public Temp {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return "%" + id;
    }
  }

  /**
   * A constant; {@code lo} holds bits 0-63 and {@code hi} bits 64-127 (zero unless {@code i128}).
   * Bits above the type's width are zero. Floats are stored as their IEEE bit pattern.
   */
  record Const(Type type, long lo, long hi) implements Value {
    public Const {
      Objects.requireNonNull(type, "type");
    }

    /** A constant of {@code type} whose bits are the low bits of {@code bits}. */
    public static Const of(Type type, long bits) {
      return new Const(type, bits & mask(type), 0);
    }

    /** A 128-bit constant. */
    public static Const of128(long lo, long hi) {
      return new Const(Type.I128, lo, hi);
    }

    /** All-ones mask of the low {@code type.bits()} bits, for types up to 64 bits. */
    static long mask(Type type) {
      return type.bits() >= 64 ? -1L : (1L << type.bits()) - 1;
    }

    @Override
    public String toString() {
      String digits =
          type == Type.I128
              ? "0x" + Long.toHexString(hi) + String.format("%016x", lo)
              : "0x" + Long.toHexString(lo);
      return digits + ":" + type;
    }
  }
}
