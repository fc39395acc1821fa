package dev.recomp.validation.internal.checks;

import dev.recomp.validation.AudioTrack;
import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import java.util.Optional;

/** Both sides must have audio when either has, at the same sample rate and channel count. */
public final class AudioFormat implements Check {
  @Override
  public String id() {
    return "audio-format";
  }

  @Override
  public String summary() {
    return "audio exists on both sides with the reference's rate and channels";
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
    return "format";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    Optional<AudioTrack> a = c.actual().audio();
    Optional<AudioTrack> r = c.reference().audio();
    if (a.isEmpty() && r.isEmpty()) {
      return new Outcome.Skipped("no audio");
    }
    String fa = a.map(AudioFormat::format).orElse("none");
    String fr = r.map(AudioFormat::format).orElse("none");
    if (fa.equals(fr)) {
      return new Outcome.Passed(Value.of(fa), Value.of(fr), "same format");
    }
    return new Outcome.Failed(
        Value.of(fa),
        Value.of(fr),
        "audio format " + fa + ", reference " + fr,
        Category.CAPTURE,
        new Evidence("audio", fr, fa, null));
  }

  static String format(AudioTrack t) {
    return t.sampleRate() + " Hz x" + t.channels();
  }

  /** Why the audio metrics cannot run, or {@code null} when they can. */
  static Outcome.Skipped notComparable(Comparison c) {
    Optional<AudioTrack> a = c.actual().audio();
    Optional<AudioTrack> r = c.reference().audio();
    if (a.isEmpty() || r.isEmpty()) {
      return new Outcome.Skipped(a.isEmpty() && r.isEmpty() ? "no audio" : "audio on one side");
    }
    if (!format(a.get()).equals(format(r.get()))) {
      return new Outcome.Skipped("audio formats differ");
    }
    return null;
  }
}
