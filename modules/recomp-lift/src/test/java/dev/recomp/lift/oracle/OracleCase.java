package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;

/**
 * One oracle case: up to {@link Oracle#MAX_WORDS} instruction words placed at {@link Oracle#SLOT},
 * run from the register state {@code in}.
 */
public record OracleCase(int[] words, CpuState in) {
  public OracleCase {
    if (words.length == 0 || words.length > Oracle.MAX_WORDS) {
      throw new IllegalArgumentException(
          "1 to " + Oracle.MAX_WORDS + " words, not " + words.length);
    }
    words = words.clone();
  }
}
