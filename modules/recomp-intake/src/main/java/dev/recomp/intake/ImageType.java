package dev.recomp.intake;

/** Whether an image must be loaded at its link addresses or may be placed at any base. */
public enum ImageType {
  /** ET_EXEC: addresses are absolute; load exactly where the segments say. */
  EXEC,
  /**
   * ET_DYN: position independent (static PIE, and every NRO/NSO, whose addresses are offsets from
   * the load base); the loader picks a base and applies the relocations.
   */
  DYN
}
