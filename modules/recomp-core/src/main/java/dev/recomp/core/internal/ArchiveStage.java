package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.RedactionProfile;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.ContentStore;
import dev.recomp.manifest.InputRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The built-in archive stage: {@code archive/run.tar.gz} holding {@code SHA256SUMS} (sha256sum
 * format) over every output and log of the earlier stages, {@code MANIFEST.json} ({@code
 * archive-manifest.schema.json}) describing them, and the files the run's redaction profile lets
 * leave the machine. Byte-identical for identical contents: entries sorted by path, mtime 0, owner
 * 0:0 without names, mode 0644 (0755 for executables), gzip without name or timestamp. The run
 * manifest is not inside: it records this archive's sha256 and holds volatile fields.
 */
final class ArchiveStage implements Stage {
  static final String FILE = "run.tar.gz";
  static final Schema MANIFEST_SCHEMA = Schema.named("archive-manifest.schema.json");

  /** {@code MANIFEST.json}. */
  record ArchiveManifest(
      int schemaVersion,
      String title,
      AutomationConfig.Track track,
      String redactionProfile,
      int redactionProfileVersion,
      List<Input> inputs,
      List<Entry> artifacts) {}

  /** A configured input as the profile shows it. */
  record Input(String ref, String sha256, long size, InputRecord.Role role) {}

  /** An artifact of an earlier stage and whether its bytes are archived. */
  record Entry(
      String path,
      String sha256,
      long size,
      String role,
      String stage,
      String content,
      boolean included) {}

  @Override
  public StageName name() {
    return StageName.ARCHIVE;
  }

  @Override
  public Declaration declare(StageContext context) {
    RedactionProfile profile = RedactionProfile.of(context.config());
    List<Read> reads =
        inputs(context).entrySet().stream().map(e -> new Read(e.getValue(), e.getKey())).toList();
    return new Declaration(
        "archive.v2\nformat=tar.gz\nsums=SHA256SUMS\nmanifest=MANIFEST.json\nprofile="
            + profile.name()
            + "@"
            + profile.version()
            + "\ntitle="
            + label(context),
        null,
        List.of(),
        reads);
  }

  @Override
  public List<String> execute(StageContext context) {
    RedactionProfile profile = RedactionProfile.of(context.config());
    SortedMap<String, Path> files = new TreeMap<>();
    SortedMap<String, Entry> entries = new TreeMap<>();
    for (StageName stage : StageName.values()) {
      if (stage.compareTo(StageName.ARCHIVE) >= 0) {
        break;
      }
      for (Path file : context.outputsOf(stage)) {
        String name = context.workRoot().relativize(file).toString();
        files.put(name, file);
        entries.put(name, entry(profile, stage, name, StageTable.role(stage, name), file));
      }
      for (Path file : context.logsOf(stage)) {
        String name = context.workRoot().relativize(file).toString();
        String role = name.endsWith(".stdout.log") ? "log_stdout" : "log_stderr";
        files.put(name, file);
        entries.put(name, entry(profile, stage, name, role, file));
      }
    }
    StringBuilder sums = new StringBuilder();
    entries.forEach((name, e) -> sums.append(e.sha256()).append("  ").append(name).append('\n'));
    byte[] manifest = manifest(context, profile, List.copyOf(entries.values()));
    Path target = context.stageDir().resolve(FILE);
    int archived = 2;
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
          add(tar, "MANIFEST.json", manifest, false);
          add(tar, "SHA256SUMS", sums.toString().getBytes(StandardCharsets.UTF_8), false);
          for (var entry : files.entrySet()) {
            if (entries.get(entry.getKey()).included()) {
              add(
                  tar,
                  entry.getKey(),
                  Files.readAllBytes(entry.getValue()),
                  ContentStore.isExecutable(entry.getValue()));
              archived++;
            }
          }
        }
        AtomicFiles.moveInto(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new StageException("archive: cannot write " + target + ": " + e.getMessage());
    }
    context.note(
        "archived "
            + archived
            + " files under redaction profile "
            + profile.name()
            + " (v"
            + profile.version()
            + "); "
            + (files.size() + 2 - archived)
            + " left out, listed by hash");
    return new ArrayList<>(List.of(FILE));
  }

  private static Entry entry(
      RedactionProfile profile, StageName stage, String name, String role, Path file) {
    RedactionProfile.Content content = ContentClasses.of(stage, role);
    try {
      return new Entry(
          name,
          Sha256.of(file),
          Files.size(file),
          role,
          stage.wire(),
          content.name().toLowerCase(Locale.ROOT),
          profile.allows(content));
    } catch (IOException e) {
      throw new StageException("archive: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static byte[] manifest(
      StageContext context, RedactionProfile profile, List<Entry> artifacts) {
    List<Input> inputs = new ArrayList<>();
    inputs(context)
        .forEach(
            (role, file) -> {
              String sha = Sha256.of(file);
              String relative = context.configDir().relativize(file).toString();
              inputs.add(new Input(profile.inputRef(relative, sha), sha, size(file), role));
            });
    ArchiveManifest record =
        new ArchiveManifest(
            1,
            profile.title(label(context), Sha256.of(context.binary())),
            context.config().track(),
            profile.name(),
            profile.version(),
            inputs,
            artifacts);
    try {
      var tree = Json.tree(record);
      MANIFEST_SCHEMA.check(tree, "archive/MANIFEST.json");
      return Json.canonical(tree);
    } catch (ManifestException e) {
      throw new StageException(e.getMessage());
    }
  }

  /** The configured inputs by role, in role order. */
  private static SortedMap<InputRecord.Role, Path> inputs(StageContext context) {
    var in = context.config().inputs();
    SortedMap<InputRecord.Role, Path> inputs = new TreeMap<>();
    inputs.put(InputRecord.Role.BINARY, context.binary());
    if (in.provenance() != null) {
      inputs.put(InputRecord.Role.PROVENANCE, context.resolveConfigPath(in.provenance()));
    }
    if (in.titleConfig() != null) {
      inputs.put(InputRecord.Role.TITLE_CONFIG, context.resolveConfigPath(in.titleConfig()));
    }
    return inputs;
  }

  /** The run's name as written: {@code [work] label}, else the work root's directory name. */
  private static String label(StageContext context) {
    String label = context.config().work().label();
    return label != null ? label : context.workRoot().getFileName().toString();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new StageException("archive: cannot read " + file + ": " + e.getMessage());
    }
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
