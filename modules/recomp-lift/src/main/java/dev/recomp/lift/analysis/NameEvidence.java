package dev.recomp.lift.analysis;

/** Where a function's name comes from, strongest first. */
public enum NameEvidence {
  /** The title config ({@code functions.name} or {@code renames}). */
  CONFIG,
  /** The static symbol table. */
  SYMBOL,
  /** The dynamic symbol table (exports; NRO/NSO dynamic symbols). */
  EXPORT,
  /** Made up from the address ({@code sub_<hex>}), no better name being known. */
  HEURISTIC
}
