package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.internal.AudioMetrics;

/** The RMS loudness must be within {@code loudness_delta_max_db} of the reference's. */
public final class AudioLoudness implements Check {
  @Override
  public String id() {
    return "audio-loudness";
  }

  @Override
  public String summary() {
    return "RMS loudness (dBFS) within loudness_delta_max_db of the reference's";
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
    return AudioLevel.delta(
        c, "RMS loudness", c.gates().loudnessDeltaMaxDb(), AudioMetrics::rmsDbfs);
  }
}
