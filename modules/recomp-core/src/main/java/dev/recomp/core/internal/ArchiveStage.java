package dev.recomp.core.internal;

import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.ContentStore;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The built-in archive stage: {@code archive/run.tar.gz} holding every output and log of the
 * earlier stages plus {@code SHA256SUMS} (sha256sum format), byte-identical for identical contents:
 * entries sorted by path, mtime 0, owner 0:0 without names, mode 0644 (0755 for executables), gzip
 * without name or timestamp. The run manifest is not inside: it records this archive's sha256, and
 * the checksum list ties every archived file to the manifest's artifacts.
 */
final class ArchiveStage implements Stage {
  static final String FILE = "run.tar.gz";

  @Override
  public StageName name() {
    return StageName.ARCHIVE;
  }

  @Override
  public Declaration declare(StageContext context) {
    return new Declaration(
        "archive.v1\nformat=tar.gz\nsums=SHA256SUMS", null, List.of(), List.of());
  }

  @Override
  public List<String> execute(StageContext context) {
    SortedMap<String, Path> files = new TreeMap<>();
    for (StageName stage : StageName.values()) {
      if (stage.compareTo(StageName.ARCHIVE) >= 0) {
        break;
      }
      for (Path file : context.outputsOf(stage)) {
        files.put(context.workRoot().relativize(file).toString(), file);
      }
      for (Path file : context.logsOf(stage)) {
        files.put(context.workRoot().relativize(file).toString(), file);
      }
    }
    StringBuilder sums = new StringBuilder();
    files.forEach(
        (name, file) -> sums.append(Sha256.of(file)).append("  ").append(name).append('\n'));
    Path target = context.stageDir().resolve(FILE);
    try {
      Path temp = AtomicFiles.temporaryBeside(target);
      try {
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        gzip.setCompressionLevel(9);
        gzip.setOperatingSystem(255);
        try (OutputStream out = Files.newOutputStream(temp);
            TarArchiveOutputStream tar =
                new TarArchiveOutputStream(new GzipCompressorOutputStream(out, gzip))) {
          tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
          tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          add(tar, "SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8), false);
          for (var entry : files.entrySet()) {
            add(
                tar,
                entry.getKey(),
                Files.readAllBytes(entry.getValue()),
                ContentStore.isExecutable(entry.getValue()));
          }
        }
        AtomicFiles.moveInto(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new StageException("archive: cannot write " + target + ": " + e.getMessage());
    }
    context.note("archived " + (files.size() + 1) + " files");
    return new ArrayList<>(List.of(FILE));
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes, boolean executable)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    entry.setMode(executable ? 0100755 : 0100644);
    entry.setModTime(0);
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
