package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Frame;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;

/** Both sides must have frames when either has, all of one size. */
public final class FrameGeometry implements Check {
  @Override
  public String id() {
    return "frame-geometry";
  }

  @Override
  public String summary() {
    return "frames exist on both sides and all have the reference's size";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String comparison() {
    return "==";
  }

  @Override
  public String unit() {
    return "pixels";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    int na = c.actual().frames().size();
    int nr = c.reference().frames().size();
    if (na == 0 && nr == 0) {
      return new Outcome.Skipped("no frames");
    }
    if (na == 0 || nr == 0) {
      return new Outcome.Failed(
          Value.of(na == 0 ? "none" : FrameChecks.size(c.actual().frames().getFirst())),
          Value.of(nr == 0 ? "none" : FrameChecks.size(c.reference().frames().getFirst())),
          "frames on one side only (capture " + na + ", reference " + nr + ")",
          Category.CAPTURE,
          new Evidence("frames", nr + " frames", na + " frames", null));
    }
    Frame ref = c.reference().frames().getFirst();
    Frame odd = FrameChecks.geometryMismatch(c);
    if (odd != null) {
      return new Outcome.Failed(
          Value.of(FrameChecks.size(odd)),
          Value.of(FrameChecks.size(ref)),
          "frame " + odd.name() + " is " + FrameChecks.size(odd),
          Category.CAPTURE,
          new Evidence("frame " + odd.name(), FrameChecks.size(ref), FrameChecks.size(odd), null));
    }
    return new Outcome.Passed(
        Value.of(FrameChecks.size(ref)), Value.of(FrameChecks.size(ref)), "all frames same size");
  }
}
