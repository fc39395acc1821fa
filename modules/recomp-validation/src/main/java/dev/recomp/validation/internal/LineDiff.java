package dev.recomp.validation.internal;

import java.util.ArrayList;
import java.util.List;

/** A line diff by longest common subsequence, for the report's stream view. */
public final class LineDiff {
  /** Largest line count either side for which the full diff is computed. */
  public static final int MAX_LINES = 2000;

  /** One diff line: {@code ' '} common, {@code '-'} reference only, {@code '+'} capture only. */
  public record Line(char kind, String text) {}

  private LineDiff() {}

  /** The diff from {@code expected} to {@code actual}, or {@code null} past {@link #MAX_LINES}. */
  public static List<Line> of(List<String> expected, List<String> actual) {
    int n = expected.size();
    int m = actual.size();
    if (n > MAX_LINES || m > MAX_LINES) {
      return null;
    }
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            expected.get(i).equals(actual.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Line> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
        out.add(new Line(' ', expected.get(i++)));
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.add(new Line('+', actual.get(j++)));
      } else {
        out.add(new Line('-', expected.get(i++)));
      }
    }
    return out;
  }
}
