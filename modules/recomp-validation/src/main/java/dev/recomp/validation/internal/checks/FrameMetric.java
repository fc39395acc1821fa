package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Frame;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.FrameAlignment;
import java.util.function.ToDoubleBiFunction;

/** Holds the worst aligned frame pair's metric to a minimum; shared by SSIM and PSNR. */
final class FrameMetric {
  private FrameMetric() {}

  static Outcome worstPair(
      Comparison c, String metric, double min, ToDoubleBiFunction<Frame, Frame> measure) {
    Outcome.Skipped skip = FrameChecks.notComparable(c);
    if (skip != null) {
      return skip;
    }
    double worst = Double.MAX_VALUE;
    int[] worstPair = null;
    for (int[] p : FrameAlignment.of(c).pairs()) {
      double v =
          measure.applyAsDouble(c.actual().frames().get(p[0]), c.reference().frames().get(p[1]));
      if (v < worst) {
        worst = v;
        worstPair = p;
      }
    }
    Frame act = c.actual().frames().get(worstPair[0]);
    Frame ref = c.reference().frames().get(worstPair[1]);
    Value.Real measured = new Value.Real(worst);
    String detail =
        "worst pair: capture "
            + act.name()
            + " vs reference "
            + ref.name()
            + ", "
            + metric
            + " "
            + measured.text();
    // The gate sees the reported (rounded) value, so report and status always agree.
    if (measured.value() >= min) {
      return new Outcome.Passed(measured, Value.of(min), detail);
    }
    return new Outcome.Failed(
        measured,
        Value.of(min),
        detail,
        Category.SEMANTICS,
        new Evidence("frame " + ref.name(), ref.name(), act.name(), null));
  }
}
