package dev.recomp.isa;

/** Immediate addressing: plain offset, pre-index with writeback, post-index with writeback. */
public enum IndexMode {
  OFFSET,
  PRE,
  POST
}
