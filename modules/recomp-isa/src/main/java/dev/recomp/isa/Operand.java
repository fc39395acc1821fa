package dev.recomp.isa;

/**
 * A decoded operand. Every value is already finished: immediates are scaled and sign-extended,
 * bitmask and floating-point immediates are expanded, PC-relative targets are absolute.
 */
public sealed interface Operand {

  /**
   * How an integer immediate is written: objdump prints some in hex, offsets and counts in decimal.
   */
  enum Radix {
    HEX,
    DECIMAL
  }

  /** A general-purpose register; number 31 is SP/WSP when {@code sp}, else XZR/WZR. */
  record Gpr(int number, boolean wide, boolean sp) implements Operand {
    private static final Gpr[] CACHE = new Gpr[128];

    static {
      for (int i = 0; i < CACHE.length; i++) {
        CACHE[i] = new Gpr(i & 31, (i & 32) != 0, (i & 64) != 0);
      }
    }

    /** The shared instance of a register (decoding allocates none). */
    public static Gpr of(int number, boolean wide, boolean sp) {
      return CACHE[(number & 31) | (wide ? 32 : 0) | (sp ? 64 : 0)];
    }
  }

  /** A scalar SIMD&FP register: size is one of b, h, s, d, q. */
  record FpReg(char size, int number) implements Operand {}

  /** A whole vector register with an arrangement, e.g. {@code v0.16b}. */
  record VecReg(int number, Arrangement arrangement) implements Operand {}

  /** One vector element, e.g. {@code v0.s[1]}; size is one of b, h, s, d. */
  record VecElem(int number, char size, int index) implements Operand {}

  /** A list of consecutive vector registers (modulo 32), optionally of one element index each. */
  record VecList(int first, int count, Arrangement arrangement, char elementSize, int index)
      implements Operand {
    /** Whole-register list, e.g. {@code {v0.16b, v1.16b}}. */
    public static VecList of(int first, int count, Arrangement arrangement) {
      return new VecList(first, count, arrangement, ' ', -1);
    }
  }

  /** An integer immediate. */
  record Imm(long value, Radix radix) implements Operand {}

  /** An 8-bit encoded floating-point immediate, expanded. */
  record FpImm(double value) implements Operand {}

  /** A shift applied to the preceding register operand, e.g. {@code lsl #12}. */
  record Shift(ShiftType type, int amount) implements Operand {}

  /** An extend applied to the preceding register operand, e.g. {@code sxtw #2}. */
  record Extend(ExtendType type, int amount, boolean showAmount) implements Operand {}

  /** {@code [base, #offset]}, {@code [base, #offset]!} or {@code [base], #offset}. */
  record MemImm(Gpr base, long offset, IndexMode mode) implements Operand {}

  /** {@code [base, index{, extend {#amount}}]}; extend is null for a plain register offset. */
  record MemReg(Gpr base, Gpr index, ExtendType extend, int amount, boolean showAmount)
      implements Operand {}

  /** Post-index by register, {@code [base], index}. */
  record MemPostReg(Gpr base, Gpr index) implements Operand {}

  /**
   * An SVE memory operand: {@code [base, index{, lsl #shift}]} when index is not null, else {@code
   * [base{, #imm{, mul vl}}]} (imm in vector lengths when {@code mulVl}, else in bytes).
   */
  record SveMem(Gpr base, Gpr index, int imm, int shift, boolean mulVl) implements Operand {}

  /** A MOPS operand: a register written back by the instruction, {@code [x0]!} or {@code x2!}. */
  record Writeback(Gpr register, boolean memory) implements Operand {}

  /** An absolute code or data address (branch target, literal, ADR/ADRP result). */
  record Target(long address) implements Operand {}

  /** A condition code 0-15 (eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv). */
  record Cond(int code) implements Operand {}

  /** An NZCV flag immediate of conditional compares. */
  record Flags(int nzcv) implements Operand {}

  /** A system register by its encoding fields (MRS/MSR). */
  record SysReg(int op0, int op1, int crn, int crm, int op2) implements Operand {}

  /** A named option of a system instruction: barrier, prefetch, DC/IC operation, BTI target. */
  record Option(OptionKind kind, int value) implements Operand {}

  /** An SVE vector register with element size b, h, s, d, q, or ' ' (whole register). */
  record ZReg(int number, char size) implements Operand {}

  /** A list of consecutive SVE vector registers with element size b, h, s, d or q. */
  record ZList(int first, int count, char size) implements Operand {}

  /** An SVE predicate register; qualifier is an element size, 'z' (zeroing), 'm' or ' ' (none). */
  record PReg(int number, char qualifier) implements Operand {}

  /** A raw system-instruction field printed as {@code cN} (CRn/CRm of SYS). */
  record ControlReg(int number) implements Operand {}
}
