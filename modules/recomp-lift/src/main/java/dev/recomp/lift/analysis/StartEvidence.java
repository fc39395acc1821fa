package dev.recomp.lift.analysis;

/** Why analysis believes a function starts at an address. A start may have several. */
public enum StartEvidence {
  /** The image's entry point. */
  ENTRY,
  /** A FUNC (or IFUNC) symbol of the static symbol table. */
  SYMBOL,
  /** A FUNC (or IFUNC) symbol of the dynamic symbol table: an export. */
  EXPORT,
  /** The start of an {@code .eh_frame} FDE. */
  EH_FRAME,
  /** The target of a BL. */
  CALL,
  /** An ADR, or ADRP + ADD, constant that lands in executable code outside its own function. */
  ADDRESS_CONSTANT,
  /** The addend of a RELATIVE / IRELATIVE relocation, or the value of an ABS64 one. */
  RELOCATION,
  /**
   * An aligned 64-bit word in a non-executable section (function pointer tables, init_array) whose
   * value is an instruction address not inside a function known by its symbol or FDE.
   */
  DATA_POINTER,
  /** The title config's {@code functions}. */
  CONFIG
}
