package dev.recomp.validation;

/**
 * Captured audio: signed 16-bit PCM, channels interleaved.
 *
 * @param sampleRate sample frames per second
 * @param channels interleaved channels per sample frame
 * @param samples the samples; a whole number of sample frames
 */
public record AudioTrack(int sampleRate, int channels, short[] samples) {
  /** Checks the shape. */
  public AudioTrack {
    if (sampleRate <= 0 || channels <= 0 || samples.length % channels != 0) {
      throw new IllegalArgumentException(
          samples.length + " samples do not make whole frames of " + channels + " channels");
    }
  }

  /** The number of sample frames. */
  public int frameCount() {
    return samples.length / channels;
  }
}
