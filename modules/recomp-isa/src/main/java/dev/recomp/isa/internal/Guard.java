package dev.recomp.isa.internal;

import java.util.Set;
import java.util.regex.Matcher;

/**
 * A condition on letter fields beyond fixed bits, written {@code ?a==b}, {@code ?i<32} or {@code
 * ?name}. On an encoding row a false guard means "not this encoding" (reserved values); on an alias
 * row it means "alias not preferred".
 */
interface Guard {

  boolean test(Row row, int word);

  Set<Character> letters();

  /**
   * A comparison between two fields or a field and a constant; a side is a letter or, when {@code
   * leftLetter}/{@code rightLetter} is 0, the constant.
   */
  record Compare(
      char leftLetter,
      long leftValue,
      String op,
      char rightLetter,
      long rightValue,
      Set<Character> letters)
      implements Guard {
    @Override
    public boolean test(Row row, int word) {
      long a = leftLetter != 0 ? row.field(leftLetter, word) : leftValue;
      long b = rightLetter != 0 ? row.field(rightLetter, word) : rightValue;
      return switch (op) {
        case "==" -> a == b;
        case "!=" -> a != b;
        case "<" -> a < b;
        case "<=" -> a <= b;
        case ">" -> a > b;
        default -> a >= b;
      };
    }
  }

  /** A named guard's condition on the row's fields. */
  @FunctionalInterface
  interface Condition {
    boolean test(Row row, int word);
  }

  /** Conditions that are not a single comparison. */
  enum Named implements Guard {
    /** N:immr:imms is a valid logical immediate for the register width (field z). */
    BITMASK("Nrsz", (row, word) -> logicalImm(row, word).isPresent()),
    /** ORR immediate prints as MOV only when MOVZ/MOVN cannot produce the value. */
    NOT_WIDE(
        "Nrsz",
        (row, word) -> {
          long value = logicalImm(row, word).orElse(0);
          int width = width(row, word);
          return !isWide(value, width) && !isWide(~value & widthMask(width), width);
        }),
    /** MOVZ prints as MOV unless it is a zero with a non-zero shift. */
    MOVZ_MOV("ihz", (row, word) -> row.field('i', word) != 0 || row.field('h', word) == 0),
    /** MOVN prints as MOV unless it is a zero with a non-zero shift or a 32-bit 0xffff. */
    MOVN_MOV(
        "ihz",
        (row, word) -> {
          int imm = row.field('i', word);
          return (imm != 0 || row.field('h', word) == 0)
              && (row.field('z', word) == 1 || imm != 0xffff);
        }),
    /** Move-wide shift fits the register: hw < 2 for 32-bit. */
    HW("hz", (row, word) -> row.field('z', word) == 1 || row.field('h', word) < 2),
    /** Shift amount fits the register: imm6 < 32 for 32-bit. */
    SHIFT6("iz", (row, word) -> row.field('z', word) == 1 || row.field('i', word) < 32),
    /** Bitfield fields are valid: N == sf and, for 32-bit, immr and imms < 32. */
    BITFIELD(
        "Nrsz",
        (row, word) -> {
          int z = row.field('z', word);
          return row.field('N', word) == z
              && (z == 1 || (row.field('r', word) < 32 && row.field('s', word) < 32));
        }),
    /** UBFM is LSL: imms + 1 == immr and imms != width - 1. */
    LSL(
        "rsz",
        (row, word) -> {
          int s = row.field('s', word);
          return s != width(row, word) - 1 && s + 1 == row.field('r', word);
        }),
    /** SBFM/UBFM is ASR/LSR: imms == width - 1. */
    SHIFT_RIGHT("sz", (row, word) -> row.field('s', word) == width(row, word) - 1),
    /** MOV to or from SP: Rd or Rn is 31. */
    MOV_SP("dn", (row, word) -> row.field('d', word) == 31 || row.field('n', word) == 31),
    /** DC operation with a known name. */
    DC("pmq", (row, word) -> Names.DC.containsKey(sysOp(row, word))),
    /** IC operation with a known name that takes a register. */
    IC(
        "pmq",
        (row, word) ->
            Names.IC.containsKey(sysOp(row, word)) && Names.icTakesRegister(sysOp(row, word))),
    /** Fixed-point scale fits the register: scale >= 32 for 32-bit. */
    FBITS("sz", (row, word) -> row.field('z', word) == 1 || row.field('s', word) >= 32),
    /** Arrangement is not the reserved 1d (size 11 with Q 0). */
    E_Q("eq", (row, word) -> row.field('e', word) != 3 || row.field('q', word) == 1),
    /** FP arrangement is not the reserved 1d (sz 1 with Q 0). */
    F_Q("fq", (row, word) -> row.field('f', word) == 0 || row.field('q', word) == 1),
    /** Across-lanes arrangement: 8b, 16b, 4h, 8h or 4s. */
    E_ACROSS(
        "eq",
        (row, word) -> {
          int e = row.field('e', word);
          return e < 2 || (e == 2 && row.field('q', word) == 1);
        }),
    /** PMULL exists for 8b (to 8h) and 1d (to 1q). */
    PMULL(
        "e",
        (row, word) -> {
          int e = row.field('e', word);
          return e == 0 || e == 3;
        }),
    /** EXT index fits the vector: Q or index < 8. */
    EXT_INDEX("iq", (row, word) -> row.field('q', word) == 1 || row.field('i', word) < 8),
    /** imm5 selects an element (its low four bits are not all zero). */
    IMM5("i", (row, word) -> (row.field('i', word) & 0xf) != 0),
    /** imm5 selects an element and a 64-bit element comes with Q set. */
    IMM5_Q(
        "iq",
        (row, word) -> {
          int log2 = OperandKind.imm5Log2(row, word);
          return log2 < 3 || (log2 == 3 && row.field('q', word) == 1);
        }),
    /** SMOV: to W from b/h, to X from b/h/s. */
    SMOV(
        "iq",
        (row, word) -> {
          int log2 = OperandKind.imm5Log2(row, word);
          return log2 < 2 || (log2 == 2 && row.field('q', word) == 1);
        }),
    /** UMOV: to W from b/h/s, to X from d. */
    UMOV(
        "iq",
        (row, word) -> {
          int log2 = OperandKind.imm5Log2(row, word);
          return row.field('q', word) == 1 ? log2 == 3 : log2 < 3;
        }),
    /** UMOV prints as MOV for 32-bit and 64-bit elements. */
    UMOV_MOV("iq", (row, word) -> OperandKind.imm5Log2(row, word) >= 2),
    /** Shift by immediate: immh != 0, and 64-bit elements need Q. */
    SHIFT_IMM(
        "iq",
        (row, word) -> {
          int immh = row.field('i', word) >> 3;
          return immh != 0 && (immh < 8 || row.field('q', word) == 1);
        }),
    /** Narrowing/lengthening shifts: immh selects b, h or s. */
    SHIFT_NARROW(
        "i",
        (row, word) -> {
          int immh = row.field('i', word) >> 3;
          return immh != 0 && immh < 8;
        }),
    /** Fixed-point conversions: immh selects h, s or d, and d needs Q. */
    SHIFT_FP(
        "iq",
        (row, word) -> {
          int immh = row.field('i', word) >> 3;
          return immh >= 2 && (immh < 8 || row.field('q', word) == 1);
        }),
    /** SSHLL/USHLL with a zero shift print as SXTL/UXTL. */
    SHL_ZERO(
        "i",
        (row, word) -> {
          int i = row.field('i', word);
          return i == Integer.highestOneBit(i);
        }),
    /** FP by-element: a double element has L = 0. */
    ELEM_F("fl", (row, word) -> row.field('f', word) == 0 || row.field('l', word) == 0),
    /** Integer by-element: size is h or s. */
    ELEM_INT(
        "e",
        (row, word) -> {
          int e = row.field('e', word);
          return e == 1 || e == 2;
        }),
    /** Writeback pair loads whose base is a destination are undefined (binutils rejects LDPSW). */
    PAIR_WRITEBACK(
        "ntu",
        (row, word) -> {
          int n = row.field('n', word);
          return n == 31 || (row.field('t', word) != n && row.field('u', word) != n);
        }),
    /** MOPS copy: Rd, Rs, Rn distinct and none is 31. */
    MOPS_COPY(
        "dsn",
        (row, word) -> {
          int d = row.field('d', word);
          int s = row.field('s', word);
          int n = row.field('n', word);
          return d != 31 && s != 31 && n != 31 && d != s && d != n && s != n;
        }),
    /** MOPS set: Rd, Rn, Rs distinct, Rd and Rn not 31 (Rs may be XZR). */
    MOPS_SET(
        "dsn",
        (row, word) -> {
          int d = row.field('d', word);
          int s = row.field('s', word);
          int n = row.field('n', word);
          return d != 31 && n != 31 && d != n && d != s && s != n;
        }),
    /**
     * MSR (immediate) has no PSTATE-field form (unnamed field, or a one-bit field given more than
     * #1): objdump then prints it as MSR to the system register op0=0, CRn=4.
     */
    PSTATE_REG(
        "pmq",
        (row, word) -> {
          int field = row.field('p', word) << 3 | row.field('q', word);
          return !Names.PSTATE.containsKey(field)
              || (!Names.PSTATE_FOUR_BIT.contains(field) && row.field('m', word) > 1);
        }),
    /**
     * SVE DUP (immediate) of bytes takes LSL #8 only as #-256 (imm8 0xff), the one such word
     * objdump decodes.
     */
    DUP_SHIFT(
        "ehi",
        (row, word) ->
            row.field('e', word) != 0 || row.field('h', word) == 0 || row.field('i', word) == 0xff),
    /** SVE immediates of byte elements take no LSL #8. */
    BYTE_SHIFT("eh", (row, word) -> row.field('e', word) != 0 || row.field('h', word) == 0),
    /** Register-offset extend is one of UXTW, LSL/UXTX, SXTW, SXTX (option bit 1 set). */
    LDST_EXTEND("o", (row, word) -> (row.field('o', word) & 2) != 0);

    private final String letters;
    private final Condition condition;

    Named(String letters, Condition condition) {
      this.letters = letters;
      this.condition = condition;
    }

    @Override
    public boolean test(Row row, int word) {
      return condition.test(row, word);
    }

    @Override
    public Set<Character> letters() {
      return OperandKind.letterSet(letters);
    }
  }

  static int sysOp(Row row, int word) {
    return Names.sysOp(row.field('p', word), row.field('m', word), row.field('q', word));
  }

  static java.util.OptionalLong logicalImm(Row row, int word) {
    return Bits.bitMask(
        row.field('N', word), row.field('r', word), row.field('s', word), width(row, word));
  }

  static int width(Row row, int word) {
    return row.field('z', word) == 1 ? 64 : 32;
  }

  static long widthMask(int width) {
    return width == 64 ? -1L : 0xffffffffL;
  }

  /** Whether value is one 16-bit chunk at a 16-bit aligned position (a MOVZ immediate). */
  static boolean isWide(long value, int width) {
    for (int shift = 0; shift < width; shift += 16) {
      if ((value & ~(0xffffL << shift) & widthMask(width)) == 0) {
        return true;
      }
    }
    return false;
  }

  java.util.regex.Pattern COMPARE =
      java.util.regex.Pattern.compile("([A-Za-z]|\\d+)(==|!=|<=|>=|<|>)([A-Za-z]|\\d+)");

  private static char letterOf(String side) {
    return Character.isLetter(side.charAt(0)) ? side.charAt(0) : 0;
  }

  private static long valueOf(String side) {
    return Character.isLetter(side.charAt(0)) ? 0 : Long.parseLong(side);
  }

  /** Parses the text after '?'; throws IllegalArgumentException for an unknown guard. */
  static Guard parse(String text) {
    Matcher m = COMPARE.matcher(text);
    if (m.matches()) {
      StringBuilder letters = new StringBuilder();
      for (String side : new String[] {m.group(1), m.group(3)}) {
        if (Character.isLetter(side.charAt(0))) {
          letters.append(side);
        }
      }
      return new Compare(
          letterOf(m.group(1)),
          valueOf(m.group(1)),
          m.group(2),
          letterOf(m.group(3)),
          valueOf(m.group(3)),
          OperandKind.letterSet(letters.toString()));
    }
    for (Named named : Named.values()) {
      if (named.name().equalsIgnoreCase(text)) {
        return named;
      }
    }
    throw new IllegalArgumentException("unknown guard ?" + text);
  }
}
