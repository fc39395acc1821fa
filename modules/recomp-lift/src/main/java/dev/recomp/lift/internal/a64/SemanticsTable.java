package dev.recomp.lift.internal.a64;

import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Terminator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which semantics method lifts which encoding-table row. One entry per row name of {@code
 * a64.table}; a row without an entry lifts to an UNIMPLEMENTED trap, and {@link #implemented()}
 * feeds the coverage report.
 */
public final class SemanticsTable {
  private SemanticsTable() {}

  /** Lifts one decoded instruction into the emitter's block. */
  @FunctionalInterface
  interface Rule {
    void lift(Emitter e);
  }

  /** Rows sharing one semantics method; the method reads the distinguishing fields. */
  private record Group(Rule rule, List<String> rows) {}

  private static Group group(Rule rule, String... rows) {
    return new Group(rule, List.of(rows));
  }

  private static final List<Group> GROUPS =
      List.of(
          group(DataProcessingImm::pcRelative, "ADR", "ADRP"),
          group(DataProcessingImm::addSubImm, "ADD_imm", "ADDS_imm", "SUB_imm", "SUBS_imm"),
          group(DataProcessingImm::logicalImm, "AND_imm", "ORR_imm", "EOR_imm", "ANDS_imm"),
          group(DataProcessingImm::moveWide, "MOVN", "MOVZ", "MOVK"),
          group(DataProcessingImm::bitfield, "SBFM", "BFM", "UBFM"),
          group(DataProcessingImm::extract, "EXTR"),
          group(DataProcessingReg::addSubShifted, "ADD_sreg", "ADDS_sreg", "SUB_sreg", "SUBS_sreg"),
          group(DataProcessingReg::addSubExtended, "ADD_ext", "ADDS_ext", "SUB_ext", "SUBS_ext"),
          group(DataProcessingReg::addSubCarry, "ADC", "ADCS", "SBC", "SBCS"),
          group(
              DataProcessingReg::logicalShifted,
              "AND_sreg",
              "BIC_sreg",
              "ORR_sreg",
              "ORN_sreg",
              "EOR_sreg",
              "EON_sreg",
              "ANDS_sreg",
              "BICS_sreg"),
          group(
              DataProcessingReg::conditionalCompare,
              "CCMN_reg",
              "CCMN_imm",
              "CCMP_reg",
              "CCMP_imm"),
          group(DataProcessingReg::conditionalSelect, "CSEL", "CSINC", "CSINV", "CSNEG"),
          group(
              DataProcessingReg::dataProcessing1,
              "RBIT",
              "REV16",
              "REV_w",
              "REV32",
              "REV_x",
              "CLZ",
              "CLS"),
          group(DataProcessingReg::dataProcessing2, "UDIV", "SDIV", "LSLV", "LSRV", "ASRV", "RORV"),
          group(
              DataProcessingReg::dataProcessing3,
              "MADD",
              "MSUB",
              "SMADDL",
              "SMSUBL",
              "SMULH",
              "UMADDL",
              "UMSUBL",
              "UMULH"),
          group(
              LoadStore::single,
              "STRB_ui",
              "STRB_us",
              "STRB_post",
              "STRB_unpriv",
              "STRB_pre",
              "STRB_reg",
              "LDRB_ui",
              "LDRB_us",
              "LDRB_post",
              "LDRB_unpriv",
              "LDRB_pre",
              "LDRB_reg",
              "LDRSB_x_ui",
              "LDRSB_x_us",
              "LDRSB_x_post",
              "LDRSB_x_unpriv",
              "LDRSB_x_pre",
              "LDRSB_x_reg",
              "LDRSB_w_ui",
              "LDRSB_w_us",
              "LDRSB_w_post",
              "LDRSB_w_unpriv",
              "LDRSB_w_pre",
              "LDRSB_w_reg",
              "STRH_ui",
              "STRH_us",
              "STRH_post",
              "STRH_unpriv",
              "STRH_pre",
              "STRH_reg",
              "LDRH_ui",
              "LDRH_us",
              "LDRH_post",
              "LDRH_unpriv",
              "LDRH_pre",
              "LDRH_reg",
              "LDRSH_x_ui",
              "LDRSH_x_us",
              "LDRSH_x_post",
              "LDRSH_x_unpriv",
              "LDRSH_x_pre",
              "LDRSH_x_reg",
              "LDRSH_w_ui",
              "LDRSH_w_us",
              "LDRSH_w_post",
              "LDRSH_w_unpriv",
              "LDRSH_w_pre",
              "LDRSH_w_reg",
              "STR_w_ui",
              "STR_w_us",
              "STR_w_post",
              "STR_w_unpriv",
              "STR_w_pre",
              "STR_w_reg",
              "LDR_w_ui",
              "LDR_w_us",
              "LDR_w_post",
              "LDR_w_unpriv",
              "LDR_w_pre",
              "LDR_w_reg",
              "LDRSW_ui",
              "LDRSW_us",
              "LDRSW_post",
              "LDRSW_unpriv",
              "LDRSW_pre",
              "LDRSW_reg",
              "STR_x_ui",
              "STR_x_us",
              "STR_x_post",
              "STR_x_unpriv",
              "STR_x_pre",
              "STR_x_reg",
              "LDR_x_ui",
              "LDR_x_us",
              "LDR_x_post",
              "LDR_x_unpriv",
              "LDR_x_pre",
              "LDR_x_reg",
              "PRFM_ui",
              "PRFM_us",
              "PRFM_reg",
              "STR_b_ui",
              "STR_b_us",
              "STR_b_post",
              "STR_b_pre",
              "STR_b_reg",
              "LDR_b_ui",
              "LDR_b_us",
              "LDR_b_post",
              "LDR_b_pre",
              "LDR_b_reg",
              "STR_q_ui",
              "STR_q_us",
              "STR_q_post",
              "STR_q_pre",
              "STR_q_reg",
              "LDR_q_ui",
              "LDR_q_us",
              "LDR_q_post",
              "LDR_q_pre",
              "LDR_q_reg",
              "STR_h_ui",
              "STR_h_us",
              "STR_h_post",
              "STR_h_pre",
              "STR_h_reg",
              "LDR_h_ui",
              "LDR_h_us",
              "LDR_h_post",
              "LDR_h_pre",
              "LDR_h_reg",
              "STR_s_ui",
              "STR_s_us",
              "STR_s_post",
              "STR_s_pre",
              "STR_s_reg",
              "LDR_s_ui",
              "LDR_s_us",
              "LDR_s_post",
              "LDR_s_pre",
              "LDR_s_reg",
              "STR_d_ui",
              "STR_d_us",
              "STR_d_post",
              "STR_d_pre",
              "STR_d_reg",
              "LDR_d_ui",
              "LDR_d_us",
              "LDR_d_post",
              "LDR_d_pre",
              "LDR_d_reg"),
          group(
              LoadStore::literal,
              "LDR_lit_w",
              "LDR_lit_x",
              "LDRSW_lit",
              "PRFM_lit",
              "LDR_lit_s",
              "LDR_lit_d",
              "LDR_lit_q"),
          group(
              LoadStore::pair,
              "STNP_w_nap",
              "STP_w_post",
              "STP_w_off",
              "STP_w_pre",
              "LDNP_w_nap",
              "LDP_w_post",
              "LDP_w_off",
              "LDP_w_pre",
              "STNP_x_nap",
              "STP_x_post",
              "STP_x_off",
              "STP_x_pre",
              "LDNP_x_nap",
              "LDP_x_post",
              "LDP_x_off",
              "LDP_x_pre",
              "LDPSW_x_post",
              "LDPSW_x_off",
              "LDPSW_x_pre",
              "STNP_s_nap",
              "STP_s_post",
              "STP_s_off",
              "STP_s_pre",
              "LDNP_s_nap",
              "LDP_s_post",
              "LDP_s_off",
              "LDP_s_pre",
              "STNP_d_nap",
              "STP_d_post",
              "STP_d_off",
              "STP_d_pre",
              "LDNP_d_nap",
              "LDP_d_post",
              "LDP_d_off",
              "LDP_d_pre",
              "STNP_q_nap",
              "STP_q_post",
              "STP_q_off",
              "STP_q_pre",
              "LDNP_q_nap",
              "LDP_q_post",
              "LDP_q_off",
              "LDP_q_pre"),
          group(
              LoadStore::exclusive,
              "STXRB",
              "STLXRB",
              "LDXRB",
              "LDAXRB",
              "STXRH",
              "STLXRH",
              "LDXRH",
              "LDAXRH",
              "STXR",
              "STLXR",
              "LDXR",
              "LDAXR",
              "STXP",
              "STLXP",
              "LDXP",
              "LDAXP",
              "STLRB",
              "LDARB",
              "STLRH",
              "LDARH",
              "STLR",
              "LDAR"),
          group(Branch::unconditional, "B", "BL"),
          group(Branch::conditional, "B_cond"),
          group(Branch::compareAndBranch, "CBZ", "CBNZ"),
          group(Branch::testAndBranch, "TBZ", "TBNZ"),
          group(Branch::register, "BR", "BLR", "RET"),
          group(Branch::exception, "SVC", "BRK", "HLT"),
          group(Branch::permanentlyUndefined, "UDF"),
          group(SystemInsns::hint, "HINT"),
          group(SystemInsns::barrier, "CLREX", "DSB", "DMB", "ISB"),
          group(SystemInsns::mrs, "MRS"),
          group(SystemInsns::msr, "MSR_reg"),
          group(SystemInsns::sys, "SYS"));

  private static final Map<String, Rule> RULES = index(GROUPS);

  private static Map<String, Rule> index(List<Group> groups) {
    Map<String, Rule> rules = new HashMap<>();
    for (Group g : groups) {
      for (String row : g.rows()) {
        if (rules.putIfAbsent(row, g.rule()) != null) {
          throw new IllegalStateException("row " + row + " has two semantics");
        }
      }
    }
    return Map.copyOf(rules);
  }

  /** The row names that have semantics, sorted. */
  public static SortedSet<String> implemented() {
    return new TreeSet<>(RULES.keySet());
  }

  /**
   * Lifts the instruction of row {@code encoding} at {@code pc} into {@code b}.
   *
   * @return the instruction's terminator, or null when it falls through
   */
  public static Terminator lift(BlockBuilder b, String encoding, long pc, int word) {
    Emitter e = new Emitter(b, pc, word);
    Rule rule = RULES.get(encoding);
    if (rule == null) {
      e.trap(Terminator.TrapKind.UNIMPLEMENTED, 0);
    } else {
      rule.lift(e);
    }
    return e.ended() ? e.terminatorOr(null) : null;
  }
}
