package dev.recomp.runtime;

/** What a guest memory access was trying to do. */
public enum AccessKind {
  /** A data load. */
  READ,
  /** A data store. */
  WRITE,
  /** An instruction fetch. */
  EXECUTE
}
