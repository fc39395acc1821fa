package dev.recomp.lift.oracle;

import dev.recomp.isa.Decoder;
import dev.recomp.isa.Encoding;
import dev.recomp.isa.Insn;
import dev.recomp.runtime.CpuState;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Random valid instructions from the decoder's table (a row's fixed bits, random elsewhere, kept
 * only if the decoder maps the word back to that row), each with a random state from {@link
 * StateGenerator}. Cases the oracle cannot compare meaningfully are skipped by {@link #EXCLUSIONS}.
 */
public final class InstructionFuzzer {

  /** A class of cases left out of the comparison, with the reason. */
  public record Exclusion(String name, String reason, Predicate<Insn.Op> applies) {}

  private static final int CNTVCT = sysreg(3, 3, 14, 0, 2);

  public static final List<Exclusion> EXCLUSIONS =
      List.of(
          new Exclusion(
              "SVC",
              "a system call would be executed by the oracle process itself",
              i -> i.encoding().name().equals("SVC")),
          new Exclusion(
              "branch to itself",
              "B/BL/B.cond/CBZ/TBZ with offset 0 loop forever in the oracle",
              i -> isBranch(i) && branchOffset(i) == 0),
          new Exclusion(
              "CNTVCT_EL0",
              "the virtual counter differs between any two reads",
              i -> i.encoding().name().equals("MRS") && ((i.word() >>> 5) & 0x7fff) == CNTVCT),
          new Exclusion(
              "writeback to the transfer register",
              "CONSTRAINED UNPREDICTABLE when Rn == Rt (or Rt2) with writeback, or Rs overlaps in"
                  + " a store-exclusive",
              InstructionFuzzer::unpredictableOverlap),
          new Exclusion(
              "load pair to one register",
              "CONSTRAINED UNPREDICTABLE when a load pair names the same register twice",
              i -> isLoadPair(i) && (i.word() & 31) == ((i.word() >>> 10) & 31)));

  /** MRS/MSR system-register fields (bits 19-5) the lifter implements, for MRS/MSR cases. */
  private static final int[] SYSREGS = {
    sysreg(3, 3, 4, 2, 0), // NZCV
    sysreg(3, 3, 4, 4, 0), // FPCR
    sysreg(3, 3, 4, 4, 1), // FPSR
    sysreg(3, 3, 13, 0, 2), // TPIDR_EL0
    sysreg(3, 3, 0, 0, 7), // DCZID_EL0
    sysreg(3, 3, 0, 0, 1), // CTR_EL0
    sysreg(3, 0, 0, 0, 0), // MIDR_EL1
    sysreg(3, 3, 14, 0, 0) // CNTFRQ_EL0
  };

  /** SYS operations (op1, CRn, CRm, op2 in bits 18-5) the lifter implements. */
  private static final int[] SYS_OPS = {
    sys(3, 7, 4, 1), // DC ZVA
    sys(3, 7, 10, 1), // DC CVAC
    sys(3, 7, 11, 1), // DC CVAU
    sys(3, 7, 14, 1), // DC CIVAC
    sys(3, 7, 5, 1) // IC IVAU
  };

  private final Decoder decoder;
  private final List<Encoding> rows;
  private final RandomGenerator random;
  private final StateGenerator states;

  public InstructionFuzzer(Decoder decoder, Set<String> implemented, RandomGenerator random) {
    this.decoder = decoder;
    this.rows = decoder.encodings().stream().filter(e -> implemented.contains(e.name())).toList();
    this.random = random;
    this.states = new StateGenerator(random);
    if (rows.isEmpty()) {
      throw new IllegalStateException("no implemented encoding is in the decoder's table");
    }
  }

  /** One case of one random instruction of a random implemented row. */
  public OracleCase next() {
    return next(rows.get(random.nextInt(rows.size())));
  }

  /** The implemented rows, in table order. */
  public List<Encoding> rows() {
    return rows;
  }

  /** One case of one random instruction of {@code row}. */
  public OracleCase next(Encoding row) {
    while (true) {
      int word = fixFields(row.name(), row.bits() | (random.nextInt() & ~row.mask()));
      if (!(decoder.decode(Oracle.SLOT, word) instanceof Insn.Op op)
          || !op.encoding().name().equals(row.name())
          || EXCLUSIONS.stream().anyMatch(x -> x.applies().test(op))) {
        continue;
      }
      CpuState state = states.next();
      pointAtWindow(op, state);
      return new OracleCase(new int[] {word}, state);
    }
  }

  private int fixFields(String row, int word) {
    return switch (row) {
      case "MRS", "MSR_reg" ->
          (word & ~(0x7fff << 5)) | (SYSREGS[random.nextInt(SYSREGS.length)] << 5);
      case "SYS" -> (word & ~(0x3fff << 5)) | (SYS_OPS[random.nextInt(SYS_OPS.length)] << 5);
      default -> word;
    };
  }

  private void pointAtWindow(Insn.Op op, CpuState state) {
    String row = op.encoding().name();
    int word = op.word();
    if (isMemory(row)) {
      states.addressRegisters(state, (word >>> 5) & 31);
      if (row.endsWith("_reg")) {
        int rm = (word >>> 16) & 31;
        if (rm != 31 && random.nextInt(4) != 0) {
          state.x[rm] = random.nextInt(-256, 256);
        }
      }
    } else if (row.equals("SYS")) {
      states.addressRegisters(state, word & 31);
    }
  }

  private static boolean isMemory(String row) {
    return row.startsWith("LD") || row.startsWith("ST") || row.startsWith("PRFM");
  }

  private static boolean isPair(String row) {
    return row.matches("(LDP|STP|LDNP|STNP|LDPSW)_.*");
  }

  private static boolean isBranch(Insn.Op i) {
    return switch (i.encoding().name()) {
      case "B", "BL", "B_cond", "CBZ", "CBNZ", "TBZ", "TBNZ" -> true;
      default -> false;
    };
  }

  private static long branchOffset(Insn.Op i) {
    int w = i.word();
    return switch (i.encoding().name()) {
      case "B", "BL" -> (w << 6) >> 6;
      case "TBZ", "TBNZ" -> (w << 13) >> 18;
      default -> (w << 8) >> 13;
    };
  }

  private static boolean isLoadPair(Insn.Op i) {
    return i.encoding().name().matches("LDP_.*|LDNP_.*|LDPSW_.*|LDA?XP");
  }

  private static boolean unpredictableOverlap(Insn.Op i) {
    int w = i.word();
    int rt = w & 31;
    int rn = (w >>> 5) & 31;
    int rt2 = (w >>> 10) & 31;
    int rs = (w >>> 16) & 31;
    String row = i.encoding().name();
    boolean writeback = row.endsWith("_post") || row.endsWith("_pre");
    if (writeback && rn != 31 && (rn == rt || (isPair(row) && rn == rt2))) {
      return true;
    }
    boolean storeExclusive = row.matches("STL?X[RP][BH]?");
    boolean pairExclusive = row.endsWith("XP");
    return storeExclusive && (rs == rt || (rs == rn && rn != 31) || (pairExclusive && rs == rt2));
  }

  private static int sysreg(int op0, int op1, int crn, int crm, int op2) {
    return ((op0 - 2) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  }

  private static int sys(int op1, int crn, int crm, int op2) {
    return (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  }
}
