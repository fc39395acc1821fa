package dev.recomp.validation;

import static dev.recomp.validation.FrameChecksTest.measured;
import static dev.recomp.validation.TestCaptures.capture;
import static dev.recomp.validation.TestCaptures.result;
import static dev.recomp.validation.TestCaptures.tone;
import static dev.recomp.validation.TestCaptures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.validation.internal.AudioMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioChecksTest {
  static final List<String> AUDIO_CHECKS =
      List.of("audio-format", "audio-chunk-match", "audio-drift", "audio-loudness", "audio-peak");

  static final AudioTrack REF = tone(20 * 1024, 0.5, 440);

  @Test
  void identicalAudioPasses() {
    ValidationReport r = validate(capture().audio(REF).build(), capture().audio(REF).build());
    for (String id : AUDIO_CHECKS) {
      assertEquals("pass", result(r, id).status(), id);
    }
    assertEquals(1.0, measured(r, "audio-chunk-match"));
    assertEquals(0.0, measured(r, "audio-loudness"));
  }

  @Test
  void knownLevels() {
    // A full-scale-ish sine at amplitude 0.5: RMS = 0.5/sqrt(2) -> -9.03 dBFS; peak -6.02 dBFS.
    assertEquals(-9.03, AudioMetrics.rmsDbfs(REF), 0.01);
    assertEquals(-6.02, AudioMetrics.peakDbfs(REF), 0.01);
    assertEquals(
        AudioMetrics.SILENCE_DBFS, AudioMetrics.rmsDbfs(new AudioTrack(8000, 1, new short[8])));
  }

  @Test
  void gainWithinGatePassesLevelsButNotChunks() {
    ValidationReport r =
        validate(
            capture().audio(TestCaptures.scaled(REF, 0.9)).build(), capture().audio(REF).build());
    assertEquals("pass", result(r, "audio-loudness").status());
    assertEquals("pass", result(r, "audio-peak").status());
    assertEquals("fail", result(r, "audio-chunk-match").status());
    assertEquals(Verdict.NEEDS_REVIEW, r.verdict());
  }

  @Test
  void gainBeyondGateFailsLoudnessAndPeak() {
    // 0.7 of the amplitude is -3.1 dB, past the 2 dB default.
    ValidationReport r =
        validate(
            capture().audio(TestCaptures.scaled(REF, 0.7)).build(), capture().audio(REF).build());
    assertEquals("fail", result(r, "audio-loudness").status());
    assertEquals("fail", result(r, "audio-peak").status());
    assertEquals(Verdict.FAIL, r.verdict());
  }

  @Test
  void chunkRatioAtTheGateEdge() {
    // 20 chunks; two nudged samples in two chunks leave 18/20 = 0.90, the default gate.
    ValidationReport edge =
        validate(
            capture().audio(TestCaptures.nudged(REF, 2)).build(), capture().audio(REF).build());
    assertEquals(0.9, measured(edge, "audio-chunk-match"));
    assertEquals("pass", result(edge, "audio-chunk-match").status());
    ValidationReport below =
        validate(
            capture().audio(TestCaptures.nudged(REF, 3)).build(), capture().audio(REF).build());
    assertEquals("fail", result(below, "audio-chunk-match").status());
  }

  @Test
  void delayedAudioIsFoundAndHeldToTheDriftGate() {
    ValidationReport ok =
        validate(
            capture().audio(TestCaptures.delayed(REF, 3 * 1024)).build(),
            capture().audio(REF).build());
    assertEquals(3.0, measured(ok, "audio-drift"));
    assertEquals("pass", result(ok, "audio-drift").status());
    ValidationReport late =
        validate(
            capture().audio(TestCaptures.delayed(REF, 5 * 1024)).build(),
            capture().audio(REF).build());
    assertEquals("fail", result(late, "audio-drift").status());
    assertEquals(Category.TIMING, result(late, "audio-drift").triage().category());
  }

  @Test
  void missingOrMismatchedAudioIsACaptureProblem() {
    ValidationReport missing = validate(capture().build(), capture().audio(REF).build());
    assertEquals(Category.CAPTURE, result(missing, "audio-format").triage().category());
    assertEquals("skipped", result(missing, "audio-loudness").status());
    AudioTrack mono = new AudioTrack(8000, 1, new short[100]);
    ValidationReport format = validate(capture().audio(mono).build(), capture().audio(REF).build());
    assertEquals("fail", result(format, "audio-format").status());
  }
}
