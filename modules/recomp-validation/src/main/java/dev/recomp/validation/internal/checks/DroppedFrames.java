package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;

/** The frame count must be within {@code max_dropped_frames} of the reference's. */
public final class DroppedFrames implements Check {
  @Override
  public String id() {
    return "frame-count";
  }

  @Override
  public String summary() {
    return "dropped or extra frames within max_dropped_frames";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String comparison() {
    return "<=";
  }

  @Override
  public String unit() {
    return "frames";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    int na = c.actual().frames().size();
    int nr = c.reference().frames().size();
    if (na == 0 || nr == 0) {
      return new Outcome.Skipped(na == 0 && nr == 0 ? "no frames" : "frames on one side");
    }
    int delta = Math.abs(na - nr);
    Value measured = Value.of(delta);
    Value threshold = Value.of(c.gates().maxDroppedFrames());
    String detail = "capture " + na + " frames, reference " + nr;
    if (delta <= c.gates().maxDroppedFrames()) {
      return new Outcome.Passed(measured, threshold, detail);
    }
    return new Outcome.Failed(
        measured,
        threshold,
        detail,
        Category.TIMING,
        new Evidence("frame count", Integer.toString(nr), Integer.toString(na), null));
  }
}
