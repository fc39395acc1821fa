package dev.recomp.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {
  @TempDir Path dir;

  static final String KEY = Sha256.of("key".getBytes(StandardCharsets.UTF_8));

  ActionResult storeOne(ContentStore store, String content) {
    String sha = store.put(content.getBytes(StandardCharsets.UTF_8));
    return new ActionResult(
        KEY,
        "run",
        1,
        List.of(new ActionResult.CachedFile("run/stdout", sha, content.length(), false)),
        null,
        null,
        List.of(),
        List.of());
  }

  @Test
  void recordedResultIsAVerifiedHitAndRestores() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("cas"));
    ActionCache cache = new ActionCache(dir.resolve("ac"), store);
    assertInstanceOf(ActionCache.Lookup.Miss.class, cache.lookup(KEY));
    ActionResult result = storeOne(store, "hello\n");
    cache.record(result);
    var hit = assertInstanceOf(ActionCache.Lookup.Hit.class, cache.lookup(KEY));
    assertEquals(result, hit.result());
    Path target = dir.resolve("work/run/stdout");
    store.restore(result.outputs().getFirst().sha256(), target, true);
    assertEquals("hello\n", Files.readString(target));
    assertTrue(ContentStore.isExecutable(target));
  }

  @Test
  void corruptBlobIsDetectedEvictedAndNeverServed() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("cas"));
    ActionCache cache = new ActionCache(dir.resolve("ac"), store);
    ActionResult result = storeOne(store, "hello\n");
    cache.record(result);
    String sha = result.outputs().getFirst().sha256();
    Files.writeString(store.blobPath(sha), "hellO\n");
    var corrupt = assertInstanceOf(ActionCache.Lookup.Corrupt.class, cache.lookup(KEY));
    assertTrue(corrupt.reason().contains("corrupt cache blob " + sha), corrupt.reason());
    assertFalse(store.contains(sha));
    assertInstanceOf(ActionCache.Lookup.Miss.class, cache.lookup(KEY));
  }

  @Test
  void corruptBlobIsNotRestored() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("cas"));
    String sha = store.put("abc".getBytes(StandardCharsets.UTF_8));
    Files.writeString(store.blobPath(sha), "abd");
    Path target = dir.resolve("out");
    assertThrows(CorruptBlobException.class, () -> store.restore(sha, target, false));
    assertFalse(Files.exists(target));
    assertFalse(store.contains(sha));
  }

  @Test
  void putOfAFileKeepsItsBytes() throws Exception {
    ContentStore store = new ContentStore(dir.resolve("cas"));
    Path file = dir.resolve("f");
    byte[] bytes = {0, 1, 2, (byte) 0xff};
    Files.write(file, bytes);
    String sha = store.put(file);
    assertArrayEquals(bytes, store.read(sha));
  }

  @Test
  void attemptsCount() {
    ActionCache cache = new ActionCache(dir.resolve("ac"), new ContentStore(dir.resolve("cas")));
    assertEquals(0, cache.attempts(KEY));
    assertEquals(1, cache.beginAttempt(KEY));
    assertEquals(2, cache.beginAttempt(KEY));
  }

  @Property(tries = 200)
  void garbageEntryIsCorruptNeverAnException(@ForAll byte[] garbage) throws Exception {
    Path root = Files.createTempDirectory("ac");
    ActionCache cache = new ActionCache(root.resolve("ac"), new ContentStore(root.resolve("cas")));
    Path entry = root.resolve("ac").resolve(KEY.substring(0, 2)).resolve(KEY + ".json");
    Files.createDirectories(entry.getParent());
    Files.write(entry, garbage);
    assertInstanceOf(ActionCache.Lookup.Corrupt.class, cache.lookup(KEY));
    assertFalse(Files.exists(entry));
  }
}
