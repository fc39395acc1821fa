package dev.recomp.lift;

/**
 * One problem {@link IrVerifier} found.
 *
 * @param blockPc the block's guest address
 * @param index the operation's index in the block, or -1 for the terminator
 * @param message what is wrong
 */
public record IrError(long blockPc, int index, String message) {
  @Override
  public String toString() {
    String where = index < 0 ? "terminator" : "op " + index;
    return "block 0x" + Long.toHexString(blockPc) + ", " + where + ": " + message;
  }
}
