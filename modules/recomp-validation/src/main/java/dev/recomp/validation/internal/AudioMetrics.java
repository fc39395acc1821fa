package dev.recomp.validation.internal;

import dev.recomp.manifest.Sha256;
import dev.recomp.validation.AudioTrack;
import dev.recomp.validation.Comparison;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Audio measures: chunk hashes and their alignment, RMS loudness and peak level in dBFS. */
public final class AudioMetrics {
  /** The level reported for silence, whose true level is minus infinity. */
  public static final double SILENCE_DBFS = -120.0;

  private static final double FULL_SCALE = 32768.0;

  private static final Map<Comparison, ChunkAlignment> MEMO =
      Collections.synchronizedMap(new WeakHashMap<>());

  private AudioMetrics() {}

  /**
   * The best chunk alignment: capture chunk {@code i} pairs with reference chunk {@code i -
   * offset}; most matches first, then the smallest |offset|.
   *
   * @param offset the chosen offset in chunks
   * @param matches equal chunk pairs at that offset
   * @param referenceChunks how many chunks the reference has
   * @param firstMismatch the first reference chunk without an equal partner, or -1
   */
  public record ChunkAlignment(int offset, int matches, int referenceChunks, int firstMismatch) {}

  /** The chunk alignment of {@code c}'s audio, which both sides must have. */
  public static ChunkAlignment alignment(Comparison c) {
    return MEMO.computeIfAbsent(
        c,
        k ->
            align(
                chunkHashes(k.actual().audio().orElseThrow(), k.gates().audioChunkFrames()),
                chunkHashes(k.reference().audio().orElseThrow(), k.gates().audioChunkFrames()),
                k.gates().audioDriftSearchChunks()));
  }

  /** SHA-256 of each chunk of {@code chunkFrames} sample frames (the last may be shorter). */
  public static List<String> chunkHashes(AudioTrack track, int chunkFrames) {
    int chunk = chunkFrames * track.channels();
    short[] s = track.samples();
    List<String> out = new ArrayList<>();
    for (int from = 0; from < s.length; from += chunk) {
      int n = Math.min(chunk, s.length - from);
      ByteBuffer b = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
      b.asShortBuffer().put(s, from, n);
      out.add(Sha256.of(b.array()));
    }
    return out;
  }

  static ChunkAlignment align(List<String> actual, List<String> reference, int search) {
    ChunkAlignment best = new ChunkAlignment(0, 0, reference.size(), reference.isEmpty() ? -1 : 0);
    for (int d = 0; d <= search; d++) {
      for (int offset : d == 0 ? new int[] {0} : new int[] {-d, d}) {
        int matches = 0;
        int firstMismatch = -1;
        for (int r = 0; r < reference.size(); r++) {
          int i = r + offset;
          boolean equal = i >= 0 && i < actual.size() && actual.get(i).equals(reference.get(r));
          if (equal) {
            matches++;
          } else if (firstMismatch < 0) {
            firstMismatch = r;
          }
        }
        if (matches > best.matches()) {
          best = new ChunkAlignment(offset, matches, reference.size(), firstMismatch);
        }
      }
    }
    return best;
  }

  /** RMS level over all samples, dBFS; {@link #SILENCE_DBFS} for silence. */
  public static double rmsDbfs(AudioTrack track) {
    double sum = 0;
    for (short v : track.samples()) {
      sum += (double) v * v;
    }
    if (sum == 0) {
      return SILENCE_DBFS;
    }
    double rms = Math.sqrt(sum / track.samples().length);
    return Math.max(SILENCE_DBFS, 20 * StrictMath.log10(rms / FULL_SCALE));
  }

  /** Peak level, dBFS; {@link #SILENCE_DBFS} for silence. */
  public static double peakDbfs(AudioTrack track) {
    int peak = 0;
    for (short v : track.samples()) {
      peak = Math.max(peak, Math.abs((int) v));
    }
    if (peak == 0) {
      return SILENCE_DBFS;
    }
    return Math.max(SILENCE_DBFS, 20 * StrictMath.log10(peak / FULL_SCALE));
  }
}
