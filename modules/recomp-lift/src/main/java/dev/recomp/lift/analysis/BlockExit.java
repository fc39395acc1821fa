package dev.recomp.lift.analysis;

/** How control leaves a basic block. */
public enum BlockExit {
  /** Runs into the next block (which is a branch target). */
  FALLTHROUGH,
  /** B to a block of the same function. */
  JUMP,
  /** B.cond, CBZ/CBNZ, TBZ/TBNZ: the target and the next instruction. */
  CONDITIONAL,
  /** BR through a recovered jump table: the table's targets. */
  SWITCH,
  /** RET. */
  RETURN,
  /** B to another function's start, or running into another function's first instruction. */
  TAIL_CALL,
  /** BL to a function that never returns. */
  NORETURN_CALL,
  /** BR whose targets analysis could not find (listed in the unresolved ledger). */
  INDIRECT,
  /** BRK, UDF, HLT, ERET, an undecodable word, or running off the end of executable code. */
  TRAP
}
