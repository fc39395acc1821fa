package dev.recomp.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Set;

/**
 * A content-addressed store: each blob is a file named by the sha256 of its bytes, under {@code
 * <directory>/<first two hex digits>/<sha256>}. Every read re-hashes the blob; a blob whose bytes
 * no longer match its name is deleted and reported ({@link CorruptBlobException}), never served.
 */
public final class ContentStore {
  private final Path directory;

  /** A store rooted at {@code directory} (created on first write). */
  public ContentStore(Path directory) {
    this.directory = directory;
  }

  /** Where a blob with this hash lives (it may not exist). */
  public Path blobPath(String sha256) {
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException("not a sha256: " + sha256);
    }
    return directory.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** Whether a blob with this hash is present (not verified). */
  public boolean contains(String sha256) {
    return Files.isRegularFile(blobPath(sha256));
  }

  /** Stores the file's content; returns its sha256. Storing present content is a no-op. */
  public String put(Path file) {
    String sha = Sha256.of(file);
    if (!contains(sha)) {
      try {
        Path temp = AtomicFiles.temporaryBeside(blobPath(sha));
        try {
          Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
          if (!Sha256.of(temp).equals(sha)) {
            throw new ManifestException(file + ": changed while being stored");
          }
          AtomicFiles.moveInto(temp, blobPath(sha));
        } finally {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        throw new ManifestException(blobPath(sha) + ": cannot store: " + e.getMessage(), e);
      }
    }
    return sha;
  }

  /** Stores {@code bytes}; returns their sha256. */
  public String put(byte[] bytes) {
    String sha = Sha256.of(bytes);
    if (!contains(sha)) {
      AtomicFiles.write(blobPath(sha), bytes);
    }
    return sha;
  }

  /** The blob's bytes, verified. */
  public byte[] read(String sha256) {
    Path blob = blobPath(sha256);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blob);
    } catch (IOException e) {
      throw new ManifestException(blob + ": missing cache blob " + sha256, e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(sha256)) {
      evict(sha256);
      throw new CorruptBlobException(sha256, actual);
    }
    return bytes;
  }

  /**
   * Makes {@code target} hold the blob's bytes: the blob is verified first, and a target that
   * already holds them is left untouched; otherwise it is replaced atomically. {@code executable}
   * sets the owner's execute permission.
   */
  public void restore(String sha256, Path target, boolean executable) {
    Path blob = blobPath(sha256);
    try {
      Path temp = AtomicFiles.temporaryBeside(target);
      try {
        MessageDigest md = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(blob), md);
            OutputStream out = Files.newOutputStream(temp)) {
          in.transferTo(out);
        }
        String actual = Sha256.hex(md.digest());
        if (!actual.equals(sha256)) {
          evict(sha256);
          throw new CorruptBlobException(sha256, actual);
        }
        if (Files.isRegularFile(target) && Sha256.of(target).equals(sha256)) {
          setExecutable(target, executable);
          return;
        }
        setExecutable(temp, executable);
        AtomicFiles.moveInto(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (NoSuchFileException e) {
      throw new ManifestException(blob + ": missing cache blob " + sha256, e);
    } catch (IOException e) {
      throw new ManifestException(target + ": cannot restore from cache: " + e.getMessage(), e);
    }
  }

  /** Deletes a blob (used when it is found corrupt). */
  public void evict(String sha256) {
    try {
      Files.deleteIfExists(blobPath(sha256));
    } catch (IOException e) {
      throw new ManifestException(blobPath(sha256) + ": cannot evict: " + e.getMessage(), e);
    }
  }

  /** Whether the file has the owner's execute permission. */
  public static boolean isExecutable(Path file) {
    try {
      return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (IOException e) {
      throw new ManifestException(file + ": cannot read permissions: " + e.getMessage(), e);
    }
  }

  private static void setExecutable(Path file, boolean executable) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    boolean changed =
        executable
            ? perms.add(PosixFilePermission.OWNER_EXECUTE)
            : perms.remove(PosixFilePermission.OWNER_EXECUTE);
    if (changed) {
      Files.setPosixFilePermissions(file, perms);
    }
  }
}
