package dev.recomp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recomp.validation.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One stage of the run that produced a capture, for the report's timeline.
 *
 * @param name the stage name
 * @param status its status ({@code succeeded}, {@code failed}, ...)
 * @param cacheHit whether it was served from the cache
 * @param durationMs its wall time in milliseconds
 */
public record StageTiming(String name, String status, boolean cacheHit, long durationMs) {
  /** The {@code steps[]} of a run manifest, in order. */
  public static List<StageTiming> fromRunManifest(Path runManifest) {
    JsonNode root = Json.readObject(runManifest);
    JsonNode steps = Json.required(root, "steps", runManifest.toString());
    if (!steps.isArray()) {
      throw new ValidationException(runManifest + ": \"steps\" must be an array");
    }
    List<StageTiming> out = new ArrayList<>();
    int i = 0;
    for (JsonNode s : steps) {
      String at = runManifest + ": steps[" + i++ + "]";
      out.add(
          new StageTiming(
              Json.text(s, "name", at),
              Json.text(s, "status", at),
              Json.bool(s, "cache_hit", at),
              Json.integer(s, "duration_ms", at)));
    }
    return out;
  }
}
