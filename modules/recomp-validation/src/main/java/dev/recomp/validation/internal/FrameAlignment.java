package dev.recomp.validation.internal;

import dev.recomp.validation.Comparison;
import dev.recomp.validation.Frame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The best alignment of captured frames with reference frames: capture frame {@code i} is paired
 * with reference frame {@code i - offset} (a positive offset means the capture lags).
 *
 * <p>Offsets from {@code -drift_search_frames} to {@code +drift_search_frames} are tried; the best
 * has the most exact pixel matches, then the smallest mean thumbnail distance, then the smallest
 * |offset|. The search reaches past {@code max_drift_frames}, so excess drift is found and fails.
 *
 * @param offset the chosen offset
 * @param exactMatches pairs with identical pixels at that offset
 * @param pairs the aligned pairs, each {@code {captureIndex, referenceIndex}}
 */
public record FrameAlignment(int offset, int exactMatches, List<int[]> pairs) {
  private static final Map<Comparison, FrameAlignment> MEMO =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The alignment of {@code c}'s frames, computed once per comparison. */
  public static FrameAlignment of(Comparison c) {
    return MEMO.computeIfAbsent(
        c, k -> best(k.actual().frames(), k.reference().frames(), k.gates().driftSearchFrames()));
  }

  /** The best alignment within {@code search} frames either way. */
  public static FrameAlignment best(List<Frame> actual, List<Frame> reference, int search) {
    List<double[]> ta = actual.stream().map(ImageMetrics::thumbnail).toList();
    List<double[]> tr = reference.stream().map(ImageMetrics::thumbnail).toList();
    FrameAlignment best = null;
    double bestDistance = Double.MAX_VALUE;
    for (int d = 0; d <= search; d++) {
      for (int offset : d == 0 ? new int[] {0} : new int[] {-d, d}) {
        List<int[]> pairs = new ArrayList<>();
        int matches = 0;
        double distance = 0;
        for (int i = Math.max(0, offset); i < actual.size() && i - offset < reference.size(); i++) {
          pairs.add(new int[] {i, i - offset});
          if (actual.get(i).sha256().equals(reference.get(i - offset).sha256())) {
            matches++;
          }
          distance += thumbDistance(ta.get(i), tr.get(i - offset));
        }
        if (pairs.isEmpty()) {
          continue;
        }
        distance /= pairs.size();
        if (best == null
            || matches > best.exactMatches
            || (matches == best.exactMatches && distance < bestDistance)) {
          best = new FrameAlignment(offset, matches, List.copyOf(pairs));
          bestDistance = distance;
        }
      }
    }
    return best == null ? new FrameAlignment(0, 0, List.of()) : best;
  }

  private static double thumbDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }
}
