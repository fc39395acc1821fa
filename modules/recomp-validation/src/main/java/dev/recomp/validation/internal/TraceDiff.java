package dev.recomp.validation.internal;

import dev.recomp.validation.Gates;
import dev.recomp.validation.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares two syscall traces after normalization (drop host-dependent calls, mask pointers).
 *
 * @param compared how many normalized events the longer trace has
 * @param matchingPrefix how many leading normalized events are equal
 * @param divergence the first divergence, or {@code null} when the traces are equal
 */
public record TraceDiff(int compared, int matchingPrefix, Divergence divergence) {
  /**
   * Where the normalized traces part.
   *
   * @param index the index of the first different normalized event
   * @param expected the reference event ("<end>" past its end)
   * @param actual the capture event ("<end>" past its end)
   * @param pc the guest PC of the divergent event, from the capture's trace or else the
   *     reference's; {@code null} when neither trace records PCs
   * @param resultOnly whether the same call with the same arguments returned something else
   */
  public record Divergence(
      int index, String expected, String actual, Long pc, boolean resultOnly) {}

  /** A normalized event: the original and its comparable text. */
  private record Normal(TraceEvent event, String text) {}

  /** Compares {@code actual} with {@code reference} under the normalization of {@code gates}. */
  public static TraceDiff of(List<TraceEvent> actual, List<TraceEvent> reference, Gates gates) {
    List<Pattern> masks = gates.traceMask().stream().map(Pattern::compile).toList();
    List<Normal> a = normalize(actual, gates, masks);
    List<Normal> r = normalize(reference, gates, masks);
    int n = Math.min(a.size(), r.size());
    int i = 0;
    while (i < n && a.get(i).text.equals(r.get(i).text)) {
      i++;
    }
    int compared = Math.max(a.size(), r.size());
    if (i == compared) {
      return new TraceDiff(compared, i, null);
    }
    Normal ae = i < a.size() ? a.get(i) : null;
    Normal re = i < r.size() ? r.get(i) : null;
    Long pc =
        ae != null && ae.event.pc() != null ? ae.event.pc() : re == null ? null : re.event.pc();
    boolean resultOnly = ae != null && re != null && callPart(ae.text).equals(callPart(re.text));
    return new TraceDiff(
        compared,
        i,
        new Divergence(
            i, re == null ? "<end>" : re.text, ae == null ? "<end>" : ae.text, pc, resultOnly));
  }

  private static List<Normal> normalize(List<TraceEvent> events, Gates gates, List<Pattern> masks) {
    List<Normal> out = new ArrayList<>();
    for (TraceEvent e : events) {
      if (gates.traceDrop().contains(e.name())) {
        continue;
      }
      String text = e.call();
      for (Pattern m : masks) {
        text = m.matcher(text).replaceAll("*");
      }
      out.add(new Normal(e, text));
    }
    return out;
  }

  private static String callPart(String text) {
    int eq = text.lastIndexOf(" = ");
    return eq < 0 ? text : text.substring(0, eq);
  }
}
