package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Comparison;
import dev.recomp.validation.Frame;
import dev.recomp.validation.Outcome;
import java.util.List;

/** Preconditions shared by the frame checks that need comparable frames on both sides. */
final class FrameChecks {
  private FrameChecks() {}

  /** Why the frame metrics cannot run, or {@code null} when they can. */
  static Outcome.Skipped notComparable(Comparison c) {
    List<Frame> a = c.actual().frames();
    List<Frame> r = c.reference().frames();
    if (a.isEmpty() || r.isEmpty()) {
      return new Outcome.Skipped(a.isEmpty() && r.isEmpty() ? "no frames" : "frames on one side");
    }
    if (geometryMismatch(c) != null) {
      return new Outcome.Skipped("frame sizes differ");
    }
    return null;
  }

  /** The first frame whose size differs from the reference's first frame, or {@code null}. */
  static Frame geometryMismatch(Comparison c) {
    Frame ref = c.reference().frames().getFirst();
    for (List<Frame> side : List.of(c.reference().frames(), c.actual().frames())) {
      for (Frame f : side) {
        if (f.width() != ref.width() || f.height() != ref.height()) {
          return f;
        }
      }
    }
    return null;
  }

  static String size(Frame f) {
    return f.width() + "x" + f.height();
  }
}
