package dev.recomp.core.internal;

import dev.recomp.core.AutomationException;
import dev.recomp.core.StageException;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.Fingerprint;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Versions for the cache key's tool tuple. A tool found on PATH is asked {@code --version} (first
 * line); one that does not answer, or is named by a path, is identified by the sha256 of its file.
 * recomp itself is its release version plus a digest of its code, so rebuilding recomp with changed
 * code invalidates what it built.
 */
final class ToolVersions {
  private static final String RECOMP = computeRecompVersion();
  private final Map<Path, String> memo = new HashMap<>();
  private final Map<String, String> known = new TreeMap<>();
  private Path knownFile;

  /**
   * Remembers answers in {@code file} across runs, keyed by the program's path, size and
   * modification time, so a no-op re-run starts no version probes.
   */
  void rememberIn(Path file) {
    knownFile = file;
    if (Files.isRegularFile(file)) {
      try {
        Json.parse(Files.readAllBytes(file), file.toString())
            .properties()
            .forEach(e -> known.put(e.getKey(), e.getValue().asText()));
      } catch (IOException | ManifestException e) {
        known.clear();
      }
    }
  }

  /** recomp's version: release + code digest. */
  static String recomp() {
    return RECOMP;
  }

  /** The JDK running recomp. */
  static String java() {
    return Runtime.version().toString();
  }

  /** Resolves {@code tool} (a bare name, looked up on {@code path}, or a file path). */
  static Path resolve(String tool, List<String> path, Path cwd) {
    if (tool.contains("/")) {
      Path file = cwd.resolve(tool).normalize();
      if (!Files.isRegularFile(file)) {
        throw new StageException("no such program " + tool);
      }
      return file;
    }
    for (String dir : path) {
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new StageException(
        "program '"
            + tool
            + "' not found on PATH "
            + String.join(":", path)
            + "; install it or set [work] path");
  }

  /** The version of the resolved tool. */
  String version(String tool, Path resolved) {
    return memo.computeIfAbsent(resolved, file -> remembered(tool, file));
  }

  private String remembered(String tool, Path file) {
    String id;
    try {
      Path real = file.toRealPath();
      id =
          file
              + "|"
              + real
              + "|"
              + Files.size(real)
              + "|"
              + Files.getLastModifiedTime(real).toMillis();
    } catch (IOException e) {
      throw new StageException("cannot read program " + file + ": " + e.getMessage());
    }
    String version = known.get(id);
    if (version == null) {
      version = probe(tool, file);
      known.put(id, version);
      if (knownFile != null) {
        AtomicFiles.write(knownFile, Json.canonical(known));
      }
    }
    return version;
  }

  private static String probe(String tool, Path file) {
    if (!tool.contains("/")) {
      try {
        Path answer = Files.createTempFile("recomp-version-", ".txt");
        try {
          ProcessBuilder builder =
              new ProcessBuilder(file.toString(), "--version")
                  .redirectErrorStream(true)
                  .redirectOutput(answer.toFile())
                  .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
          builder.environment().clear();
          Process process = builder.start();
          if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
          } else if (process.exitValue() == 0) {
            String first =
                Files.readString(answer, StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .findFirst()
                    .orElse("");
            if (!first.isEmpty()) {
              return first;
            }
          }
        } finally {
          Files.deleteIfExists(answer);
        }
      } catch (IOException e) {
        // Not answering --version is common (dash, busybox applets); the file hash identifies it.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AutomationException("interrupted while asking " + tool + " for its version");
      }
    }
    try {
      return "sha256:" + Sha256.of(file.toRealPath());
    } catch (IOException e) {
      throw new StageException("cannot read program " + file + ": " + e.getMessage());
    }
  }

  private static String computeRecompVersion() {
    String release;
    try (InputStream in =
        ToolVersions.class.getResourceAsStream("/dev/recomp/core/version.properties")) {
      if (in == null) {
        throw new IllegalStateException("recomp-core is missing its version.properties");
      }
      Properties p = new Properties();
      p.load(in);
      release = p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("recomp-core cannot read its version.properties", e);
    }
    try {
      Path code =
          Path.of(ToolVersions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return release + "+" + codeDigest(code).substring(0, 12);
    } catch (URISyntaxException | SecurityException e) {
      return release;
    }
  }

  private static String codeDigest(Path code) {
    if (Files.isRegularFile(code)) {
      return Sha256.of(code);
    }
    Fingerprint fp = Fingerprint.of("recomp.code");
    try (Stream<Path> files = Files.walk(code)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        fp.add(code.relativize(f).toString(), Sha256.of(f));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read recomp's own classes at " + code, e);
    }
    return fp.hex();
  }
}
