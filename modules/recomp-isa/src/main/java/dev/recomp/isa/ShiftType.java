package dev.recomp.isa;

/** Register shift types, in encoding order. */
public enum ShiftType {
  LSL,
  LSR,
  ASR,
  ROR,
  MSL
}
