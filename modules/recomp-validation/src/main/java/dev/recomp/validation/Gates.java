package dev.recomp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.validation.internal.Json;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The thresholds validation holds a capture to. Every field has a documented default ({@link
 * #defaults()}, {@code docs/validation.md}); a config overrides single keys, never the whole table.
 *
 * @param stdoutContextBytes bytes of context shown either side of the first stream difference
 * @param traceDrop syscall names removed from both traces before comparing (host-dependent calls)
 * @param traceMask regular expressions whose matches are replaced by {@code *} in every trace event
 *     before comparing (pointers, pids)
 * @param frameHashMatchRatioMin least share of reference frames whose pixels match exactly
 * @param ssimMin least SSIM of the worst aligned frame pair
 * @param psnrMinDb least PSNR, in dB, of the worst aligned frame pair (identical pairs count 100)
 * @param maxDriftFrames largest allowed frame offset between capture and reference
 * @param driftSearchFrames how far either way the frame alignment searches; larger than {@code
 *     maxDriftFrames} so that excess drift is seen and fails
 * @param maxDroppedFrames largest allowed difference in frame count
 * @param audioChunkFrames sample frames per audio chunk for chunk hashing
 * @param audioChunkMatchRatioMin least share of reference audio chunks matched exactly
 * @param maxAudioDriftChunks largest allowed audio offset, in chunks
 * @param audioDriftSearchChunks how far either way the audio alignment searches, in chunks
 * @param loudnessDeltaMaxDb largest allowed difference in RMS loudness (dBFS)
 * @param peakDeltaMaxDb largest allowed difference in peak level (dBFS)
 * @param disabledChecks ids of checks not to run
 */
public record Gates(
    int stdoutContextBytes,
    List<String> traceDrop,
    List<String> traceMask,
    double frameHashMatchRatioMin,
    double ssimMin,
    double psnrMinDb,
    int maxDriftFrames,
    int driftSearchFrames,
    int maxDroppedFrames,
    int audioChunkFrames,
    double audioChunkMatchRatioMin,
    int maxAudioDriftChunks,
    int audioDriftSearchChunks,
    double loudnessDeltaMaxDb,
    double peakDeltaMaxDb,
    List<String> disabledChecks) {

  /** Copies lists and checks ranges; a bad value is an error naming its key. */
  public Gates {
    traceDrop = List.copyOf(traceDrop);
    traceMask = List.copyOf(traceMask);
    disabledChecks = List.copyOf(disabledChecks);
    requireRange("stdout_context_bytes", stdoutContextBytes, 0, 4096);
    requireRange("frame_hash_match_ratio_min", frameHashMatchRatioMin, 0, 1);
    requireRange("ssim_min", ssimMin, -1, 1);
    requireRange("psnr_min_db", psnrMinDb, 0, 100);
    requireRange("max_drift_frames", maxDriftFrames, 0, 100_000);
    requireRange("drift_search_frames", driftSearchFrames, maxDriftFrames, 100_000);
    requireRange("max_dropped_frames", maxDroppedFrames, 0, Integer.MAX_VALUE);
    requireRange("audio_chunk_frames", audioChunkFrames, 1, 1 << 20);
    requireRange("audio_chunk_match_ratio_min", audioChunkMatchRatioMin, 0, 1);
    requireRange("max_audio_drift_chunks", maxAudioDriftChunks, 0, 100_000);
    requireRange("audio_drift_search_chunks", audioDriftSearchChunks, maxAudioDriftChunks, 100_000);
    requireRange("loudness_delta_max_db", loudnessDeltaMaxDb, 0, 200);
    requireRange("peak_delta_max_db", peakDeltaMaxDb, 0, 200);
    for (String regex : traceMask) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new ValidationException(
            "gates: trace_mask: not a regular expression: " + e.getDescription() + ": " + regex);
      }
    }
  }

  /** The documented defaults. */
  public static Gates defaults() {
    return new Gates(
        32,
        List.of(
            "brk",
            "mmap",
            "munmap",
            "mprotect",
            "madvise",
            "set_tid_address",
            "set_robust_list",
            "rseq",
            "prlimit64",
            "getrandom",
            "readlinkat",
            "Unknown syscall 293"),
        List.of("0x[0-9a-fA-F]{5,}"),
        0.92,
        0.95,
        35.0,
        3,
        30,
        2,
        1024,
        0.90,
        3,
        30,
        2.0,
        2.0,
        List.of());
  }

  /** One row of the key table: its name and how it reads and writes. */
  private record Key(String name, Function<Gates, Object> get) {}

  private static final List<Key> KEYS =
      List.of(
          new Key("stdout_context_bytes", Gates::stdoutContextBytes),
          new Key("trace_drop", Gates::traceDrop),
          new Key("trace_mask", Gates::traceMask),
          new Key("frame_hash_match_ratio_min", Gates::frameHashMatchRatioMin),
          new Key("ssim_min", Gates::ssimMin),
          new Key("psnr_min_db", Gates::psnrMinDb),
          new Key("max_drift_frames", Gates::maxDriftFrames),
          new Key("drift_search_frames", Gates::driftSearchFrames),
          new Key("max_dropped_frames", Gates::maxDroppedFrames),
          new Key("audio_chunk_frames", Gates::audioChunkFrames),
          new Key("audio_chunk_match_ratio_min", Gates::audioChunkMatchRatioMin),
          new Key("max_audio_drift_chunks", Gates::maxAudioDriftChunks),
          new Key("audio_drift_search_chunks", Gates::audioDriftSearchChunks),
          new Key("loudness_delta_max_db", Gates::loudnessDeltaMaxDb),
          new Key("peak_delta_max_db", Gates::peakDeltaMaxDb),
          new Key("disabled_checks", Gates::disabledChecks));

  /**
   * The defaults overridden by the keys of {@code table} (a JSON object, or a TOML table read into
   * one). {@code where} names the source in errors ("automation.toml [validate.gates]").
   */
  public static Gates fromJson(JsonNode table, String where) {
    if (!table.isObject()) {
      throw new ValidationException(where + ": gates must be a table");
    }
    Json.onlyKeys(
        table, KEYS.stream().map(Key::name).collect(java.util.stream.Collectors.toSet()), where);
    Gates d = defaults();
    try {
      return new Gates(
          table.has("stdout_context_bytes")
              ? (int) Json.integer(table, "stdout_context_bytes", where)
              : d.stdoutContextBytes,
          table.has("trace_drop") ? Json.texts(table, "trace_drop", where) : d.traceDrop,
          table.has("trace_mask") ? Json.texts(table, "trace_mask", where) : d.traceMask,
          num(table, "frame_hash_match_ratio_min", d.frameHashMatchRatioMin, where),
          num(table, "ssim_min", d.ssimMin, where),
          num(table, "psnr_min_db", d.psnrMinDb, where),
          count(table, "max_drift_frames", d.maxDriftFrames, where),
          count(table, "drift_search_frames", d.driftSearchFrames, where),
          count(table, "max_dropped_frames", d.maxDroppedFrames, where),
          count(table, "audio_chunk_frames", d.audioChunkFrames, where),
          num(table, "audio_chunk_match_ratio_min", d.audioChunkMatchRatioMin, where),
          count(table, "max_audio_drift_chunks", d.maxAudioDriftChunks, where),
          count(table, "audio_drift_search_chunks", d.audioDriftSearchChunks, where),
          num(table, "loudness_delta_max_db", d.loudnessDeltaMaxDb, where),
          num(table, "peak_delta_max_db", d.peakDeltaMaxDb, where),
          table.has("disabled_checks")
              ? Json.texts(table, "disabled_checks", where)
              : d.disabledChecks);
    } catch (ValidationException e) {
      throw e.getMessage().startsWith("gates: ")
          ? new ValidationException(where + ": " + e.getMessage().substring(7))
          : e;
    }
  }

  /** Reads a gates JSON file. */
  public static Gates read(java.nio.file.Path file) {
    return fromJson(Json.readObject(file), file.toString());
  }

  /** Every gate as a JSON object, in the documented key order. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    for (Key k : KEYS) {
      switch (k.get.apply(this)) {
        case Integer i -> o.put(k.name, i);
        case Double v -> o.put(k.name, v);
        case List<?> l -> {
          var a = o.putArray(k.name);
          l.forEach(e -> a.add(e.toString()));
        }
        default -> throw new IllegalStateException(k.name);
      }
    }
    return o;
  }

  /** The gate names, in order. */
  public static Set<String> keys() {
    return KEYS.stream()
        .map(Key::name)
        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  private static double num(JsonNode t, String key, double dflt, String where) {
    return t.has(key) ? Json.number(t, key, where) : dflt;
  }

  private static int count(JsonNode t, String key, int dflt, String where) {
    if (!t.has(key)) {
      return dflt;
    }
    long v = Json.integer(t, key, where);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ValidationException(where + ": \"" + key + "\" out of range: " + v);
    }
    return (int) v;
  }

  private static void requireRange(String key, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      throw new ValidationException(
          "gates: \""
              + key
              + "\" must be within ["
              + fmt(lo)
              + ", "
              + fmt(hi)
              + "], got "
              + fmt(v));
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
