package dev.recomp.lift;

/** A64 condition codes, in encoding order (the ordinal is the 4-bit {@code cond} field). */
public enum Cond {
  EQ,
  NE,
  CS,
  CC,
  MI,
  PL,
  VS,
  VC,
  HI,
  LS,
  GE,
  LT,
  GT,
  LE,
  AL,
  NV;

  /** The condition with encoding {@code bits} (0-15). */
  public static Cond of(int bits) {
    return values()[bits & 15];
  }

  /** Whether the condition holds for flags packed as in the NZCV register (N = bit 31). */
  public boolean holds(int nzcv) {
    boolean n = (nzcv & (1 << 31)) != 0;
    boolean z = (nzcv & (1 << 30)) != 0;
    boolean c = (nzcv & (1 << 29)) != 0;
    boolean v = (nzcv & (1 << 28)) != 0;
    return switch (this) {
      case EQ -> z;
      case NE -> !z;
      case CS -> c;
      case CC -> !c;
      case MI -> n;
      case PL -> !n;
      case VS -> v;
      case VC -> !v;
      case HI -> c && !z;
      case LS -> !(c && !z);
      case GE -> n == v;
      case LT -> n != v;
      case GT -> !z && n == v;
      case LE -> !(!z && n == v);
      case AL, NV -> true;
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
