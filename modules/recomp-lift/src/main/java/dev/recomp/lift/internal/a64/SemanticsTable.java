package dev.recomp.lift.internal.a64;

import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Terminator;
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

  private static final Map<String, Rule> RULES =
      Map.ofEntries(
          // Data processing (immediate)
          Map.entry("ADR", DataProcessingImm::pcRelative),
          Map.entry("ADRP", DataProcessingImm::pcRelative),
          Map.entry("ADD_imm", DataProcessingImm::addSubImm),
          Map.entry("ADDS_imm", DataProcessingImm::addSubImm),
          Map.entry("SUB_imm", DataProcessingImm::addSubImm),
          Map.entry("SUBS_imm", DataProcessingImm::addSubImm),
          Map.entry("AND_imm", DataProcessingImm::logicalImm),
          Map.entry("ORR_imm", DataProcessingImm::logicalImm),
          Map.entry("EOR_imm", DataProcessingImm::logicalImm),
          Map.entry("ANDS_imm", DataProcessingImm::logicalImm),
          Map.entry("MOVN", DataProcessingImm::moveWide),
          Map.entry("MOVZ", DataProcessingImm::moveWide),
          Map.entry("MOVK", DataProcessingImm::moveWide),
          Map.entry("SBFM", DataProcessingImm::bitfield),
          Map.entry("BFM", DataProcessingImm::bitfield),
          Map.entry("UBFM", DataProcessingImm::bitfield),
          Map.entry("EXTR", DataProcessingImm::extract),
          // Data processing (register)
          Map.entry("ADD_shift", DataProcessingReg::addSubShifted),
          Map.entry("ADDS_shift", DataProcessingReg::addSubShifted),
          Map.entry("SUB_shift", DataProcessingReg::addSubShifted),
          Map.entry("SUBS_shift", DataProcessingReg::addSubShifted),
          Map.entry("ADD_ext", DataProcessingReg::addSubExtended),
          Map.entry("ADDS_ext", DataProcessingReg::addSubExtended),
          Map.entry("SUB_ext", DataProcessingReg::addSubExtended),
          Map.entry("SUBS_ext", DataProcessingReg::addSubExtended),
          Map.entry("ADC", DataProcessingReg::addSubCarry),
          Map.entry("ADCS", DataProcessingReg::addSubCarry),
          Map.entry("SBC", DataProcessingReg::addSubCarry),
          Map.entry("SBCS", DataProcessingReg::addSubCarry),
          Map.entry("AND_shift", DataProcessingReg::logicalShifted),
          Map.entry("BIC_shift", DataProcessingReg::logicalShifted),
          Map.entry("ORR_shift", DataProcessingReg::logicalShifted),
          Map.entry("ORN_shift", DataProcessingReg::logicalShifted),
          Map.entry("EOR_shift", DataProcessingReg::logicalShifted),
          Map.entry("EON_shift", DataProcessingReg::logicalShifted),
          Map.entry("ANDS_shift", DataProcessingReg::logicalShifted),
          Map.entry("BICS_shift", DataProcessingReg::logicalShifted),
          Map.entry("CCMN_reg", DataProcessingReg::conditionalCompare),
          Map.entry("CCMP_reg", DataProcessingReg::conditionalCompare),
          Map.entry("CCMN_imm", DataProcessingReg::conditionalCompare),
          Map.entry("CCMP_imm", DataProcessingReg::conditionalCompare),
          Map.entry("CSEL", DataProcessingReg::conditionalSelect),
          Map.entry("CSINC", DataProcessingReg::conditionalSelect),
          Map.entry("CSINV", DataProcessingReg::conditionalSelect),
          Map.entry("CSNEG", DataProcessingReg::conditionalSelect),
          Map.entry("RBIT", DataProcessingReg::dataProcessing1),
          Map.entry("REV16", DataProcessingReg::dataProcessing1),
          Map.entry("REV32", DataProcessingReg::dataProcessing1),
          Map.entry("REV", DataProcessingReg::dataProcessing1),
          Map.entry("CLZ", DataProcessingReg::dataProcessing1),
          Map.entry("CLS", DataProcessingReg::dataProcessing1),
          Map.entry("UDIV", DataProcessingReg::dataProcessing2),
          Map.entry("SDIV", DataProcessingReg::dataProcessing2),
          Map.entry("LSLV", DataProcessingReg::dataProcessing2),
          Map.entry("LSRV", DataProcessingReg::dataProcessing2),
          Map.entry("ASRV", DataProcessingReg::dataProcessing2),
          Map.entry("RORV", DataProcessingReg::dataProcessing2),
          Map.entry("MADD", DataProcessingReg::dataProcessing3),
          Map.entry("MSUB", DataProcessingReg::dataProcessing3),
          Map.entry("SMADDL", DataProcessingReg::dataProcessing3),
          Map.entry("SMSUBL", DataProcessingReg::dataProcessing3),
          Map.entry("SMULH", DataProcessingReg::dataProcessing3),
          Map.entry("UMADDL", DataProcessingReg::dataProcessing3),
          Map.entry("UMSUBL", DataProcessingReg::dataProcessing3),
          Map.entry("UMULH", DataProcessingReg::dataProcessing3),
          // Loads and stores
          Map.entry("LDST_uimm", LoadStore::single),
          Map.entry("LDST_imm9", LoadStore::single),
          Map.entry("LDST_reg", LoadStore::single),
          Map.entry("LDR_lit", LoadStore::literal),
          Map.entry("LDSTP", LoadStore::pair),
          Map.entry("LDST_excl", LoadStore::exclusive),
          // Branches, exceptions, system
          Map.entry("B", Branch::unconditional),
          Map.entry("BL", Branch::unconditional),
          Map.entry("B_cond", Branch::conditional),
          Map.entry("CBZ", Branch::compareAndBranch),
          Map.entry("CBNZ", Branch::compareAndBranch),
          Map.entry("TBZ", Branch::testAndBranch),
          Map.entry("TBNZ", Branch::testAndBranch),
          Map.entry("BR", Branch::register),
          Map.entry("BLR", Branch::register),
          Map.entry("RET", Branch::register),
          Map.entry("SVC", Branch::exception),
          Map.entry("BRK", Branch::exception),
          Map.entry("HLT", Branch::exception),
          Map.entry("UDF", Branch::permanentlyUndefined),
          Map.entry("HINT", SystemInsns::hint),
          Map.entry("CLREX", SystemInsns::barrier),
          Map.entry("DSB", SystemInsns::barrier),
          Map.entry("DMB", SystemInsns::barrier),
          Map.entry("ISB", SystemInsns::barrier),
          Map.entry("MRS", SystemInsns::mrs),
          Map.entry("MSR_reg", SystemInsns::msr),
          Map.entry("SYS", SystemInsns::sys));

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
