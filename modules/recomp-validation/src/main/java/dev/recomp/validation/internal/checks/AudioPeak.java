package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.internal.AudioMetrics;

/** The peak level must be within {@code peak_delta_max_db} of the reference's. */
public final class AudioPeak implements Check {
  @Override
  public String id() {
    return "audio-peak";
  }

  @Override
  public String summary() {
    return "peak level (dBFS) within peak_delta_max_db of the reference's";
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
    return "dB";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    return AudioLevel.delta(c, "peak level", c.gates().peakDeltaMaxDb(), AudioMetrics::peakDbfs);
  }
}
