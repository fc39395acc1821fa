package dev.recomp.lift;

import java.util.Objects;

/**
 * A piece of architectural guest state the IR reads and writes with {@code get}/{@code set}.
 *
 * @param file the register file
 * @param index the register number inside the file (0 for single-register files)
 */
public record GuestReg(File file, int index) {

  /** Register files, each with its element type and count. */
  public enum File {
    /** General-purpose X0-X30 (X31 is not a register: it is SP or ZR by encoding). */
    X(Type.I64, 31),
    SP(Type.I64, 1),
    /** SIMD and FP registers V0-V31, 128 bits each. */
    V(Type.I128, 32),
    /** The condition flags, packed as in the NZCV system register (N=bit 31 .. V=bit 28). */
    NZCV(Type.I32, 1),
    FPCR(Type.I32, 1),
    FPSR(Type.I32, 1),
    TPIDR_EL0(Type.I64, 1),
    /** The read-only thread pointer (Horizon's thread-local region; reads 0 under Linux). */
    TPIDRRO_EL0(Type.I64, 1);

    private final Type type;
    private final int count;

    File(Type type, int count) {
      this.type = type;
      this.count = count;
    }

    public Type type() {
      return type;
    }

    public int count() {
      return count;
    }
  }

  public GuestReg {
    Objects.requireNonNull(file, "file");
    if (index < 0 || index >= file.count()) {
      throw new IllegalArgumentException(file + " has no register " + index);
    }
  }

  public static final GuestReg SP = new GuestReg(File.SP, 0);
  public static final GuestReg NZCV = new GuestReg(File.NZCV, 0);
  public static final GuestReg FPCR = new GuestReg(File.FPCR, 0);
  public static final GuestReg FPSR = new GuestReg(File.FPSR, 0);
  public static final GuestReg TPIDR_EL0 = new GuestReg(File.TPIDR_EL0, 0);
  public static final GuestReg TPIDRRO_EL0 = new GuestReg(File.TPIDRRO_EL0, 0);

  /** General-purpose register {@code Xn}, {@code n} in 0..30. */
  public static GuestReg x(int n) {
    return new GuestReg(File.X, n);
  }

  /** Vector register {@code Vn}, {@code n} in 0..31. */
  public static GuestReg v(int n) {
    return new GuestReg(File.V, n);
  }

  /** The type {@code get} yields and {@code set} expects. */
  public Type type() {
    return file.type();
  }

  @Override
  public String toString() {
    return switch (file) {
      case X -> "x" + index;
      case V -> "v" + index;
      default -> file.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
