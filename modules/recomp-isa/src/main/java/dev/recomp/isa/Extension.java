package dev.recomp.isa;

/** The architecture feature an encoding belongs to; set per table section. */
public enum Extension {
  /** The A64 base instruction set, including scalar FP, AdvSIMD and the ARMv8.x base additions. */
  BASE,
  /** Scalable Vector Extension. */
  SVE,
  /** Memory Tagging Extension. */
  MTE,
  /** Memory copy and memory set instructions (FEAT_MOPS). */
  MOPS
}
