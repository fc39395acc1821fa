package dev.recomp.validation.internal.checks;

import dev.recomp.validation.AudioTrack;
import dev.recomp.validation.Category;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Value;
import java.util.function.ToDoubleFunction;

/** Holds the difference of one level measure (dBFS) to a maximum; shared by loudness and peak. */
final class AudioLevel {
  private AudioLevel() {}

  static Outcome delta(
      Comparison c, String measure, double maxDelta, ToDoubleFunction<AudioTrack> level) {
    Outcome.Skipped skip = AudioFormat.notComparable(c);
    if (skip != null) {
      return skip;
    }
    double a = level.applyAsDouble(c.actual().audio().orElseThrow());
    double r = level.applyAsDouble(c.reference().audio().orElseThrow());
    double delta = Math.abs(a - r);
    Value.Real measured = new Value.Real(delta);
    String detail =
        measure + " " + Value.of(a).text() + " dBFS, reference " + Value.of(r).text() + " dBFS";
    // The gate sees the reported (rounded) value, so report and status always agree.
    if (measured.value() <= maxDelta) {
      return new Outcome.Passed(measured, Value.of(maxDelta), detail);
    }
    return new Outcome.Failed(
        measured,
        Value.of(maxDelta),
        detail,
        Category.SEMANTICS,
        new Evidence(measure, Value.of(r).text() + " dBFS", Value.of(a).text() + " dBFS", null));
  }
}
