package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.AudioMetrics;

/** The best audio chunk alignment must be within {@code max_audio_drift_chunks} of zero. */
public final class AudioDrift implements Check {
  @Override
  public String id() {
    return "audio-drift";
  }

  @Override
  public String summary() {
    return "audio chunk offset of the best alignment within max_audio_drift_chunks";
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
    return "chunks";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    Outcome.Skipped skip = AudioFormat.notComparable(c);
    if (skip != null) {
      return skip;
    }
    AudioMetrics.ChunkAlignment a = AudioMetrics.alignment(c);
    int drift = Math.abs(a.offset());
    Value measured = Value.of(drift);
    Value threshold = Value.of(c.gates().maxAudioDriftChunks());
    String detail = "best alignment at chunk offset " + a.offset();
    if (drift <= c.gates().maxAudioDriftChunks()) {
      return new Outcome.Passed(measured, threshold, detail);
    }
    return new Outcome.Failed(
        measured,
        threshold,
        detail,
        Category.TIMING,
        new Evidence("audio offset", "0", Integer.toString(a.offset()), null));
  }
}
