package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.AudioMetrics;

/**
 * The share of reference audio chunks matched exactly at the best chunk alignment. A warning: the
 * loudness and peak checks decide whether inexact audio is still right.
 */
public final class AudioChunkMatch implements Check {
  @Override
  public String id() {
    return "audio-chunk-match";
  }

  @Override
  public String summary() {
    return "share of reference audio chunks matched exactly at least audio_chunk_match_ratio_min";
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
    Outcome.Skipped skip = AudioFormat.notComparable(c);
    if (skip != null) {
      return skip;
    }
    AudioMetrics.ChunkAlignment a = AudioMetrics.alignment(c);
    double ratio = a.referenceChunks() == 0 ? 1.0 : (double) a.matches() / a.referenceChunks();
    Value.Real measured = new Value.Real(ratio);
    Value threshold = Value.of(c.gates().audioChunkMatchRatioMin());
    String detail = a.matches() + " of " + a.referenceChunks() + " chunks exact";
    // The gate sees the reported (rounded) value, so report and status always agree.
    if (measured.value() >= c.gates().audioChunkMatchRatioMin()) {
      return new Outcome.Passed(measured, threshold, detail);
    }
    long sample = (long) a.firstMismatch() * c.gates().audioChunkFrames();
    return new Outcome.Failed(
        measured,
        threshold,
        detail,
        Category.SEMANTICS,
        new Evidence(
            "audio chunk " + a.firstMismatch() + " (sample frame " + sample + ")",
            "reference chunk " + a.firstMismatch(),
            "capture chunk " + (a.firstMismatch() + a.offset()),
            null));
  }
}
