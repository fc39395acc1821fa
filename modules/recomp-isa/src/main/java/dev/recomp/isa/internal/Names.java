package dev.recomp.isa.internal;

import java.util.Map;
import java.util.Set;

/** Names objdump uses for encoded option values. */
public final class Names {
  private Names() {}

  public static final String[] COND = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"
  };

  static final String[] LSE_OP = {"add", "clr", "eor", "set", "smax", "smin", "umax", "umin"};

  /** DMB/DSB options by CRm; null entries print as {@code #0x..}. */
  public static final String[] BARRIER = {
    null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh", null, "ishld", "ishst", "ish",
    null, "ld", "st", "sy"
  };

  /** PRFM operations by Rt; null entries print as {@code #0x..}. */
  public static final String[] PREFETCH = {
    "pldl1keep",
    "pldl1strm",
    "pldl2keep",
    "pldl2strm",
    "pldl3keep",
    "pldl3strm",
    null,
    null,
    "plil1keep",
    "plil1strm",
    "plil2keep",
    "plil2strm",
    "plil3keep",
    "plil3strm",
    null,
    null,
    "pstl1keep",
    "pstl1strm",
    "pstl2keep",
    "pstl2strm",
    "pstl3keep",
    "pstl3strm",
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null
  };

  /** DC operations by op1:CRm:op2 (op1 << 7 | CRm << 3 | op2). */
  public static final Map<Integer, String> DC =
      Map.ofEntries(
          Map.entry(sysOp(0, 6, 1), "ivac"),
          Map.entry(sysOp(0, 6, 2), "isw"),
          Map.entry(sysOp(0, 6, 3), "igvac"),
          Map.entry(sysOp(0, 6, 4), "igsw"),
          Map.entry(sysOp(0, 6, 5), "igdvac"),
          Map.entry(sysOp(0, 6, 6), "igdsw"),
          Map.entry(sysOp(0, 10, 2), "csw"),
          Map.entry(sysOp(0, 10, 4), "cgsw"),
          Map.entry(sysOp(0, 10, 6), "cgdsw"),
          Map.entry(sysOp(0, 14, 2), "cisw"),
          Map.entry(sysOp(0, 14, 4), "cigsw"),
          Map.entry(sysOp(0, 14, 6), "cigdsw"),
          Map.entry(sysOp(3, 4, 1), "zva"),
          Map.entry(sysOp(3, 4, 3), "gva"),
          Map.entry(sysOp(3, 4, 4), "gzva"),
          Map.entry(sysOp(3, 10, 1), "cvac"),
          Map.entry(sysOp(3, 10, 3), "cgvac"),
          Map.entry(sysOp(3, 10, 5), "cgdvac"),
          Map.entry(sysOp(3, 11, 1), "cvau"),
          Map.entry(sysOp(3, 12, 1), "cvap"),
          Map.entry(sysOp(3, 12, 3), "cgvap"),
          Map.entry(sysOp(3, 12, 5), "cgdvap"),
          Map.entry(sysOp(3, 13, 1), "cvadp"),
          Map.entry(sysOp(3, 13, 3), "cgvadp"),
          Map.entry(sysOp(3, 13, 5), "cgdvadp"),
          Map.entry(sysOp(3, 14, 1), "civac"),
          Map.entry(sysOp(3, 14, 3), "cigvac"),
          Map.entry(sysOp(3, 14, 5), "cigdvac"));

  /** IC operations by op1:CRm:op2. */
  public static final Map<Integer, String> IC =
      Map.of(sysOp(0, 1, 0), "ialluis", sysOp(0, 5, 0), "iallu", sysOp(3, 5, 1), "ivau");

  /** Whether the IC operation takes a register operand. */
  public static boolean icTakesRegister(int op) {
    return op == sysOp(3, 5, 1);
  }

  static int sysOp(int op1, int crm, int op2) {
    return op1 << 7 | crm << 3 | op2;
  }

  /**
   * System registers by op0:op1:CRn:CRm:op2 (op0 << 14 | op1 << 11 | CRn << 7 | CRm << 3 | op2).
   */
  public static final Map<Integer, String> SYSREG =
      Map.ofEntries(
          Map.entry(sysReg(3, 3, 13, 0, 2), "tpidr_el0"),
          Map.entry(sysReg(3, 3, 13, 0, 3), "tpidrro_el0"),
          Map.entry(sysReg(3, 0, 13, 0, 4), "tpidr_el1"),
          Map.entry(sysReg(3, 3, 4, 4, 0), "fpcr"),
          Map.entry(sysReg(3, 3, 4, 4, 1), "fpsr"),
          Map.entry(sysReg(3, 3, 4, 2, 0), "nzcv"),
          Map.entry(sysReg(3, 3, 4, 2, 1), "daif"),
          Map.entry(sysReg(3, 3, 0, 0, 7), "dczid_el0"),
          Map.entry(sysReg(3, 3, 0, 0, 1), "ctr_el0"),
          Map.entry(sysReg(3, 0, 0, 0, 0), "midr_el1"),
          Map.entry(sysReg(3, 0, 0, 0, 5), "mpidr_el1"),
          Map.entry(sysReg(3, 0, 0, 0, 6), "revidr_el1"),
          Map.entry(sysReg(3, 0, 0, 4, 0), "id_aa64pfr0_el1"),
          Map.entry(sysReg(3, 0, 0, 4, 1), "id_aa64pfr1_el1"),
          Map.entry(sysReg(3, 0, 0, 4, 4), "id_aa64zfr0_el1"),
          Map.entry(sysReg(3, 0, 0, 5, 0), "id_aa64dfr0_el1"),
          Map.entry(sysReg(3, 0, 0, 6, 0), "id_aa64isar0_el1"),
          Map.entry(sysReg(3, 0, 0, 6, 1), "id_aa64isar1_el1"),
          Map.entry(sysReg(3, 0, 0, 6, 2), "id_aa64isar2_el1"),
          Map.entry(sysReg(3, 0, 0, 7, 0), "id_aa64mmfr0_el1"),
          Map.entry(sysReg(3, 0, 0, 7, 1), "id_aa64mmfr1_el1"),
          Map.entry(sysReg(3, 0, 0, 7, 2), "id_aa64mmfr2_el1"),
          Map.entry(sysReg(3, 3, 14, 0, 0), "cntfrq_el0"),
          Map.entry(sysReg(3, 3, 14, 0, 1), "cntpct_el0"),
          Map.entry(sysReg(3, 3, 14, 0, 2), "cntvct_el0"),
          Map.entry(sysReg(3, 3, 9, 13, 0), "pmccntr_el0"),
          Map.entry(sysReg(3, 3, 2, 4, 0), "rndr"),
          Map.entry(sysReg(3, 3, 2, 4, 1), "rndrrs"),
          Map.entry(sysReg(3, 3, 4, 2, 7), "tco"),
          Map.entry(sysReg(3, 3, 4, 2, 5), "dit"),
          Map.entry(sysReg(3, 3, 4, 2, 6), "ssbs"),
          Map.entry(sysReg(3, 0, 4, 0, 0), "spsr_el1"),
          Map.entry(sysReg(3, 0, 4, 0, 1), "elr_el1"),
          Map.entry(sysReg(3, 0, 4, 1, 0), "sp_el0"),
          Map.entry(sysReg(3, 0, 4, 2, 2), "currentel"),
          Map.entry(sysReg(3, 0, 1, 0, 0), "sctlr_el1"),
          Map.entry(sysReg(3, 0, 1, 2, 0), "zcr_el1"),
          Map.entry(sysReg(3, 0, 12, 0, 0), "vbar_el1"),
          Map.entry(sysReg(3, 1, 0, 0, 1), "clidr_el1"),
          Map.entry(sysReg(3, 1, 0, 0, 0), "ccsidr_el1"),
          Map.entry(sysReg(3, 2, 0, 0, 0), "csselr_el1"),
          Map.entry(sysReg(3, 0, 5, 2, 0), "esr_el1"),
          Map.entry(sysReg(3, 0, 6, 0, 0), "far_el1"),
          Map.entry(sysReg(2, 3, 0, 4, 0), "mdccsr_el0"),
          Map.entry(sysReg(2, 3, 0, 5, 0), "dbgdtrrx_el0"));

  static int sysReg(int op0, int op1, int crn, int crm, int op2) {
    return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
  }

  /** BTI targets by op2 bits 2:1. */
  public static final String[] BTI = {"", "c", "j", "jc"};

  /** PSTATE fields of MSR (immediate) by op1 << 3 | op2. */
  public static final Map<Integer, String> PSTATE =
      Map.of(
          0 << 3 | 5, "spsel",
          3 << 3 | 6, "daifset",
          3 << 3 | 7, "daifclr",
          0 << 3 | 3, "uao",
          0 << 3 | 4, "pan",
          3 << 3 | 2, "dit",
          3 << 3 | 1, "ssbs",
          3 << 3 | 4, "tco",
          1 << 3 | 0, "allint");

  /** PSTATE fields whose MSR immediate is 4 bits; the others take only #0 or #1. */
  public static final Set<Integer> PSTATE_FOUR_BIT = Set.of(3 << 3 | 6, 3 << 3 | 7);

  /** SVE predicate constraint patterns by value. */
  public static final String[] SVE_PATTERN = svePatterns();

  private static String[] svePatterns() {
    String[] names = new String[32];
    String[] known = {
      "pow2", "vl1", "vl2", "vl3", "vl4", "vl5", "vl6", "vl7", "vl8", "vl16", "vl32", "vl64",
      "vl128", "vl256"
    };
    System.arraycopy(known, 0, names, 0, known.length);
    names[29] = "mul4";
    names[30] = "mul3";
    names[31] = "all";
    return names;
  }
}
