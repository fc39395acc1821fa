package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.FrameAlignment;

/** The best frame alignment must be within {@code max_drift_frames} of offset zero. */
public final class FrameDrift implements Check {
  @Override
  public String id() {
    return "frame-drift";
  }

  @Override
  public String summary() {
    return "frame offset of the best alignment within max_drift_frames";
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
    Outcome.Skipped skip = FrameChecks.notComparable(c);
    if (skip != null) {
      return skip;
    }
    FrameAlignment a = FrameAlignment.of(c);
    int drift = Math.abs(a.offset());
    Value measured = Value.of(drift);
    Value threshold = Value.of(c.gates().maxDriftFrames());
    String detail =
        "best alignment at offset "
            + a.offset()
            + " (capture frame i = reference frame i"
            + (a.offset() >= 0 ? " + " : " - ")
            + Math.abs(a.offset())
            + ")";
    if (drift <= c.gates().maxDriftFrames()) {
      return new Outcome.Passed(measured, threshold, detail);
    }
    return new Outcome.Failed(
        measured,
        threshold,
        detail,
        Category.TIMING,
        new Evidence("frame offset", "0", Integer.toString(a.offset()), null));
  }
}
