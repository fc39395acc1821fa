package dev.recomp.core.internal;

import dev.recomp.core.AutomationException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.ActionCache;
import dev.recomp.manifest.ContentStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The work root's layout, held under an exclusive lock for the length of a run:
 *
 * <pre>
 * run-manifest.json, artifact-index.json
 * intake/ analysis/ lift/ build/ run/ validate/ archive/   stage outputs
 * logs/&lt;stage&gt;.stdout.log, .stderr.log
 * .recomp/lock, cas/, ac/, keys/, sandbox/
 * </pre>
 *
 * The lock is an OS file lock, so it is released when the holding process dies, however it dies.
 */
final class WorkRoot implements AutoCloseable {
  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ContentStore store;
  private final ActionCache cache;

  private WorkRoot(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.store = new ContentStore(internal().resolve("cas"));
    this.cache = new ActionCache(internal().resolve("ac"), store);
  }

  /** Creates the work root if needed and locks it; a held lock is a one-line error. */
  static WorkRoot open(Path root) {
    Path lockFile = root.resolve(".recomp").resolve("lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(lockFile).strip();
        channel.close();
        throw new AutomationException(
            "work root "
                + root
                + " is in use by another recomp automate"
                + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; wait for it to finish");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new WorkRoot(root, channel, lock);
    } catch (IOException e) {
      try {
        if (channel != null) {
          channel.close();
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new AutomationException("work root " + root + ": cannot lock: " + e.getMessage(), e);
    }
  }

  Path root() {
    return root;
  }

  Path internal() {
    return root.resolve(".recomp");
  }

  Path stageDir(StageName stage) {
    return root.resolve(stage.wire());
  }

  Path stdoutLog(StageName stage) {
    return root.resolve("logs").resolve(stage.wire() + ".stdout.log");
  }

  Path stderrLog(StageName stage) {
    return root.resolve("logs").resolve(stage.wire() + ".stderr.log");
  }

  Path sandbox(String name) {
    return internal().resolve("sandbox").resolve(name);
  }

  Path keyRecord(StageName stage) {
    return internal().resolve("keys").resolve(stage.wire() + ".json");
  }

  ContentStore store() {
    return store;
  }

  ActionCache cache() {
    return cache;
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new AutomationException("work root " + root + ": cannot unlock: " + e.getMessage(), e);
    }
  }
}
