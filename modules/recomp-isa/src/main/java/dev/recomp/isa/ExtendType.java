package dev.recomp.isa;

/** Register extend types, in encoding order (the 3-bit option field). */
public enum ExtendType {
  UXTB,
  UXTH,
  UXTW,
  UXTX,
  SXTB,
  SXTH,
  SXTW,
  SXTX,
  /** UXTX/UXTW written as {@code lsl} when the register is SP-based or the offset is 64-bit. */
  LSL
}
