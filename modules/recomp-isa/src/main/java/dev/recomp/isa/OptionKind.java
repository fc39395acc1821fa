package dev.recomp.isa;

/** Kinds of named options of system and memory-hint instructions. */
public enum OptionKind {
  /** DMB/DSB option (CRm). */
  BARRIER,
  /** PRFM operation (Rt). */
  PREFETCH,
  /** DC operation (op1:CRm:op2). */
  DC,
  /** IC operation (op1:CRm:op2). */
  IC,
  /** BTI target (op2 bits 2:1). */
  BTI,
  /** MSR (immediate) PSTATE field (op1:op2). */
  PSTATE,
  /** SVE predicate constraint pattern. */
  SVE_PATTERN,
  /** SVE element-count multiplier, printed {@code mul #n}. */
  SVE_MUL,
  /** The SVCR mode SMSTART/SMSTOP change: 1 = sm (streaming mode), 2 = za (ZA storage). */
  SVCR
}
