package dev.recomp.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/** Captures, frames and PCM generated in code for the tests. */
final class TestCaptures {
  private TestCaptures() {}

  /** A mutable description of a capture; {@link #build()} makes the record. */
  static final class Builder {
    byte[] stdout = "hello\n".getBytes(StandardCharsets.UTF_8);
    byte[] stderr = new byte[0];
    int exit = 0;
    boolean timedOut = false;
    SortedMap<String, String> files = new TreeMap<>();
    List<TraceEvent> trace = null;
    List<Fault> faults = new ArrayList<>();
    List<Frame> frames = new ArrayList<>();
    AudioTrack audio = null;

    Builder stdout(String s) {
      stdout = s.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    Builder exit(int status) {
      exit = status;
      return this;
    }

    Builder timedOut() {
      timedOut = true;
      return this;
    }

    Builder file(String path, String sha256) {
      files.put(path, sha256);
      return this;
    }

    Builder trace(String... lines) {
      trace = new ArrayList<>();
      for (String l : lines) {
        trace.add(TraceEvent.parse(l, "test"));
      }
      return this;
    }

    Builder fault(Fault f) {
      faults.add(f);
      return this;
    }

    Builder frames(List<Frame> f) {
      frames = new ArrayList<>(f);
      return this;
    }

    Builder audio(AudioTrack a) {
      audio = a;
      return this;
    }

    Capture build() {
      return new Capture(
          stdout,
          stderr,
          exit,
          timedOut,
          files,
          Optional.ofNullable(trace),
          faults,
          frames,
          Optional.ofNullable(audio));
    }
  }

  static Builder capture() {
    return new Builder();
  }

  /**
   * A frame sequence: a 32x24 gradient with a bright 6x6 square that moves one pixel a frame (26
   * distinct positions), so every frame differs from its neighbours.
   */
  static List<Frame> movingSquare(int count) {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(squareFrame(i));
    }
    return out;
  }

  static Frame squareFrame(int i) {
    int w = 32;
    int h = 24;
    int[] rgb = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int base = (x * 6) << 16 | (y * 8) << 8 | 0x40;
        boolean square = x >= i % (w - 6) && x < i % (w - 6) + 6 && y >= 9 && y < 15;
        rgb[y * w + x] = square ? 0xFFFFFF : base;
      }
    }
    return Frame.of(String.format("%06d.png", i), w, h, rgb);
  }

  /** {@code f} with every channel of every pixel moved by up to {@code amplitude}, seeded. */
  static Frame noisy(Frame f, int amplitude, long seed) {
    Random r = new Random(seed);
    int[] rgb = f.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      int out = 0;
      for (int shift = 16; shift >= 0; shift -= 8) {
        int c = (p >>> shift) & 0xFF;
        c = Math.clamp(c + r.nextInt(2 * amplitude + 1) - amplitude, 0, 255);
        out |= c << shift;
      }
      rgb[i] = out;
    }
    return Frame.of(f.name(), f.width(), f.height(), rgb);
  }

  /** {@code f} with pixels replaced by {@code colour} in the rectangle. */
  static Frame painted(Frame f, int x0, int y0, int w, int h, int colour) {
    int[] rgb = f.rgb().clone();
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        rgb[y * f.width() + x] = colour;
      }
    }
    return Frame.of(f.name(), f.width(), f.height(), rgb);
  }

  /** A sine tone: {@code frames} sample frames at 8 kHz, stereo, given amplitude (0..1). */
  static AudioTrack tone(int frames, double amplitude, double hz) {
    int channels = 2;
    short[] s = new short[frames * channels];
    for (int i = 0; i < frames; i++) {
      short v = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / 8000));
      s[i * 2] = v;
      s[i * 2 + 1] = v;
    }
    return new AudioTrack(8000, channels, s);
  }

  /** {@code a} delayed by {@code frames} sample frames of silence (same length, tail cut). */
  static AudioTrack delayed(AudioTrack a, int frames) {
    short[] s = new short[a.samples().length];
    int shift = frames * a.channels();
    System.arraycopy(a.samples(), 0, s, shift, s.length - shift);
    return new AudioTrack(a.sampleRate(), a.channels(), s);
  }

  /** {@code a} with {@code count} single samples nudged by one step, spread evenly. */
  static AudioTrack nudged(AudioTrack a, int count) {
    short[] s = a.samples().clone();
    for (int k = 0; k < count; k++) {
      int i = (int) ((long) k * s.length / count);
      s[i] = (short) (s[i] == Short.MAX_VALUE ? s[i] - 1 : s[i] + 1);
    }
    return new AudioTrack(a.sampleRate(), a.channels(), s);
  }

  /** {@code a} scaled by {@code gain}. */
  static AudioTrack scaled(AudioTrack a, double gain) {
    short[] s = new short[a.samples().length];
    for (int i = 0; i < s.length; i++) {
      s[i] =
          (short) Math.clamp(Math.round(a.samples()[i] * gain), Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return new AudioTrack(a.sampleRate(), a.channels(), s);
  }

  /** The result of check {@code id} in {@code r}. */
  static CheckResult result(ValidationReport r, String id) {
    return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  static ValidationReport validate(Capture actual, Capture reference) {
    return Validator.validate(actual, reference, Gates.defaults());
  }
}
