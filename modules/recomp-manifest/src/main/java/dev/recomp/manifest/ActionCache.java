package dev.recomp.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The action cache: cache key to the outputs a stage produced for it (as blobs in a {@link
 * ContentStore}). Entries live at {@code <directory>/<first two hex digits>/<key>.json} and are
 * written atomically; an unreadable entry counts as corrupt and is evicted. The cache also counts
 * attempts per key, so an interrupted execution shows up as a higher {@code stage_attempt}.
 */
public final class ActionCache {
  private final Path directory;
  private final ContentStore store;

  /** An action cache in {@code directory} whose outputs live in {@code store}. */
  public ActionCache(Path directory, ContentStore store) {
    this.directory = directory;
    this.store = store;
  }

  /** The store holding the cached outputs. */
  public ContentStore store() {
    return store;
  }

  /** The outcome of looking a key up. */
  public sealed interface Lookup {
    /** A recorded result whose blobs were all present and verified. */
    record Hit(ActionResult result) implements Lookup {}

    /** Nothing recorded for the key. */
    record Miss() implements Lookup {}

    /** Something was recorded but could not be served; it has been evicted. */
    record Corrupt(String reason) implements Lookup {}
  }

  /**
   * Looks {@code cacheKey} up and verifies every blob of the result by hash; a result with a
   * missing or corrupt blob is evicted and reported as {@link Lookup.Corrupt}.
   */
  public Lookup lookup(String cacheKey) {
    Path entry = entryPath(cacheKey, ".json");
    if (!Files.isRegularFile(entry)) {
      return new Lookup.Miss();
    }
    ActionResult result;
    try {
      JsonNode node = Json.parse(Files.readAllBytes(entry), entry.toString());
      result = Json.bind(node, ActionResult.class, entry.toString());
      if (!cacheKey.equals(result.cacheKey())) {
        throw new ManifestException(entry + ": recorded for key " + result.cacheKey());
      }
    } catch (IOException | ManifestException e) {
      evict(cacheKey);
      return new Lookup.Corrupt("unreadable cache entry " + entry.getFileName() + "; evicted");
    }
    for (ActionResult.CachedFile file : result.files()) {
      try {
        store.read(file.sha256());
      } catch (ManifestException e) {
        evict(cacheKey);
        return new Lookup.Corrupt(e.getMessage() + " (output " + file.path() + ")");
      }
    }
    return new Lookup.Hit(result);
  }

  /** Records {@code result} for its cache key (its blobs must already be in the store). */
  public void record(ActionResult result) {
    AtomicFiles.write(entryPath(result.cacheKey(), ".json"), Json.canonical(result));
  }

  /** Removes the entry for {@code cacheKey}, if any. */
  public void evict(String cacheKey) {
    try {
      Files.deleteIfExists(entryPath(cacheKey, ".json"));
    } catch (IOException e) {
      throw new ManifestException(entryPath(cacheKey, ".json") + ": cannot evict: " + e, e);
    }
  }

  /** Counts one more execution of {@code cacheKey}; returns the new count (1 for the first). */
  public int beginAttempt(String cacheKey) {
    Path counter = entryPath(cacheKey, ".attempts");
    int attempts = attempts(cacheKey) + 1;
    AtomicFiles.write(counter, (attempts + "\n").getBytes(StandardCharsets.UTF_8));
    return attempts;
  }

  /** Executions of {@code cacheKey} so far (0 if none). */
  public int attempts(String cacheKey) {
    Path counter = entryPath(cacheKey, ".attempts");
    try {
      return Files.isRegularFile(counter) ? Integer.parseInt(Files.readString(counter).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private Path entryPath(String cacheKey, String suffix) {
    if (!Sha256.isHex(cacheKey)) {
      throw new IllegalArgumentException("not a cache key: " + cacheKey);
    }
    return directory.resolve(cacheKey.substring(0, 2)).resolve(cacheKey + suffix);
  }
}
