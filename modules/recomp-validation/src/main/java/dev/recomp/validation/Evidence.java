package dev.recomp.validation;

/**
 * What a failed check saw, for the person or the tool that triages it.
 *
 * @param where the place of the first divergence ("stdout byte 12", "trace event 17", "frame 3")
 * @param expected the reference's content there, escaped to printable text
 * @param actual the capture's content there, escaped to printable text
 * @param pc the first divergent guest PC, from a trace or a runtime fault; {@code null} when no
 *     trace or fault names one
 */
public record Evidence(String where, String expected, String actual, Long pc) {
  /** The same evidence with {@code pc} as the divergent PC. */
  public Evidence withPc(Long pc) {
    return new Evidence(where, expected, actual, pc);
  }
}
