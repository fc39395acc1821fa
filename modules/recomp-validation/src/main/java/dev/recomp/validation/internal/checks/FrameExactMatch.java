package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.FrameAlignment;

/**
 * The share of reference frames matched pixel-exactly, at the best alignment. A warning: the
 * perceptual checks decide whether inexact frames are still right.
 */
public final class FrameExactMatch implements Check {
  @Override
  public String id() {
    return "frame-exact-match";
  }

  @Override
  public String summary() {
    return "share of reference frames matched pixel-exactly at least frame_hash_match_ratio_min";
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public String comparison() {
    return ">=";
  }

  @Override
  public String unit() {
    return "ratio";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    Outcome.Skipped skip = FrameChecks.notComparable(c);
    if (skip != null) {
      return skip;
    }
    FrameAlignment a = FrameAlignment.of(c);
    int nr = c.reference().frames().size();
    double ratio = (double) a.exactMatches() / nr;
    Value.Real measured = new Value.Real(ratio);
    Value threshold = Value.of(c.gates().frameHashMatchRatioMin());
    String detail = a.exactMatches() + " of " + nr + " reference frames exact";
    // The gate sees the reported (rounded) value, so report and status always agree.
    if (measured.value() >= c.gates().frameHashMatchRatioMin()) {
      return new Outcome.Passed(measured, threshold, detail);
    }
    int[] first =
        a.pairs().stream()
            .filter(
                p ->
                    !c.actual()
                        .frames()
                        .get(p[0])
                        .sha256()
                        .equals(c.reference().frames().get(p[1]).sha256()))
            .findFirst()
            .orElse(new int[] {-1, 0});
    String ref = c.reference().frames().get(first[1]).name();
    String act = first[0] < 0 ? "<none>" : c.actual().frames().get(first[0]).name();
    return new Outcome.Failed(
        measured,
        threshold,
        detail,
        Category.SEMANTICS,
        new Evidence("frame " + ref, ref, act, null));
  }
}
