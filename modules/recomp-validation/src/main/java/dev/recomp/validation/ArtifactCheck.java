package dev.recomp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.ArtifactIndex;
import dev.recomp.manifest.ArtifactRecord;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.RunManifest;
import dev.recomp.manifest.Schema;
import dev.recomp.manifest.Sha256;
import dev.recomp.validation.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Re-validates an existing run folder from its artifact index and run manifest, running nothing:
 * every listed artifact must exist with its recorded SHA-256 and size; when the index lists a
 * capture and a reference capture ({@link #CAPTURE_ROLE}, {@link #REFERENCE_ROLE}), validation is
 * recomputed from them under the recorded report's gates and must reproduce the recorded report
 * byte for byte. Loose stream files ({@code capture_stdout}, {@code capture_stderr}, {@code
 * capture_exit_status} and the {@code reference_} ones, as the built-in run and validate stages
 * record them) stand in for capture directories.
 */
public final class ArtifactCheck {
  /** Artifact role of the run's {@code capture.json}; its directory is the capture. */
  public static final String CAPTURE_ROLE = "capture_metadata";

  /** Artifact role of the reference's {@code capture.json}; its directory is the reference. */
  public static final String REFERENCE_ROLE = "reference_capture_metadata";

  /** The result file name. */
  public static final String FILE_NAME = "artifact-check.json";

  /** {@code schemas/artifact-check.schema.json}; the result is checked before it is written. */
  public static final Schema SCHEMA = Schema.named("artifact-check.schema.json");

  private ArtifactCheck() {}

  /** The index itself is missing, unreadable or breaks its schema: bad usage, not a bad run. */
  public static final class BadIndexException extends ValidationException {
    BadIndexException(String message) {
      super(message);
    }
  }

  /** What was found for one listed artifact. */
  public enum Status {
    /** Present with the recorded hash and size. */
    OK("ok"),
    /** Not there. */
    MISSING("missing"),
    /** Present with another SHA-256 or size. */
    HASH_MISMATCH("hash_mismatch");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    /** The name used in reports. */
    public String id() {
      return id;
    }
  }

  /**
   * One listed artifact and what was found.
   *
   * @param listedIn {@code artifact-index} or {@code run-manifest}
   * @param path the path as listed
   * @param role its role
   * @param status what was found
   * @param expectedSha256 the recorded digest
   * @param actualSha256 the digest found, or {@code null} when missing
   */
  public record Entry(
      String listedIn,
      String path,
      String role,
      Status status,
      String expectedSha256,
      String actualSha256) {}

  /**
   * The outcome of re-validation.
   *
   * @param label the run's label
   * @param entries every listed artifact, index first, then run manifest, each in listed order
   * @param problems one line per problem beyond the entries (unreadable manifest, report drift)
   * @param revalidation the recomputed validation, or {@code null} when the index lists no captures
   * @param timeline the run manifest's steps, empty if it could not be read
   */
  public record Result(
      String label,
      List<Entry> entries,
      List<String> problems,
      Revalidation revalidation,
      List<StageTiming> timeline) {
    /** Whether every artifact checked out and any recomputed report reproduced the recorded one. */
    public boolean ok() {
      return problems.isEmpty() && entries.stream().allMatch(e -> e.status() == Status.OK);
    }

    /** The result as JSON ({@code artifact-check.json}). */
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("schema_version", 1);
      o.put("label", label);
      o.put("ok", ok());
      ArrayNode es = o.putArray("entries");
      for (Entry e : entries) {
        ObjectNode j = es.addObject();
        j.put("listed_in", e.listedIn());
        j.put("path", e.path());
        j.put("role", e.role());
        j.put("status", e.status().id());
        j.put("expected_sha256", e.expectedSha256());
        j.put("actual_sha256", e.actualSha256());
      }
      ArrayNode ps = o.putArray("problems");
      problems.forEach(ps::add);
      if (revalidation == null) {
        o.putNull("revalidation");
      } else {
        ObjectNode r = o.putObject("revalidation");
        r.put("verdict", revalidation.report().verdict().id());
        r.put("recorded_verdict", revalidation.recordedVerdict());
        r.put("reproduced", revalidation.reproduced());
        r.put("report", ValidationReport.FILE_NAME);
      }
      return o;
    }
  }

  /**
   * Validation recomputed from the stored captures.
   *
   * @param report the recomputed report
   * @param actual the stored capture
   * @param reference the stored reference capture
   * @param recordedVerdict the recorded report's verdict, or {@code null} if none was recorded
   * @param reproduced whether the recomputed report equals the recorded one byte for byte
   */
  public record Revalidation(
      ValidationReport report,
      Capture actual,
      Capture reference,
      String recordedVerdict,
      boolean reproduced) {}

  /** Re-validates the run folder {@code runDir} from its {@code artifact-index.json}. */
  public static Result verifyRunDir(Path runDir) {
    return verify(runDir.resolve(ArtifactIndex.FILE_NAME));
  }

  /** Re-validates the run whose artifact index is {@code indexFile}. */
  public static Result verify(Path indexFile) {
    ArtifactIndex index;
    try {
      index = ArtifactIndex.read(indexFile);
    } catch (ManifestException e) {
      throw new BadIndexException(e.getMessage());
    }
    Path base = indexFile.toAbsolutePath().getParent();
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ArtifactRecord a : index.artifacts()) {
      entries.add(check("artifact-index", base, a));
    }
    Path manifestFile = base.resolve(index.runManifest());
    List<StageTiming> timeline = List.of();
    try {
      RunManifest manifest = RunManifest.read(manifestFile);
      Path workRoot = manifestFile.getParent();
      for (ArtifactRecord a : manifest.artifacts()) {
        entries.add(check("run-manifest", workRoot, a));
      }
      timeline = StageTiming.of(manifest);
    } catch (ManifestException e) {
      problems.add("run manifest: " + e.getMessage());
    }
    Revalidation revalidation = revalidate(index, base, entries, problems);
    return new Result(index.label(), entries, problems, revalidation, timeline);
  }

  private static Entry check(String listedIn, Path base, ArtifactRecord a) {
    Path file = base.resolve(a.path()).normalize();
    if (!file.startsWith(base) || !Files.isRegularFile(file)) {
      return new Entry(listedIn, a.path(), a.role(), Status.MISSING, a.sha256(), null);
    }
    String actual = Sha256.of(file);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      return new Entry(listedIn, a.path(), a.role(), Status.MISSING, a.sha256(), null);
    }
    Status status =
        actual.equals(a.sha256()) && size == a.size() ? Status.OK : Status.HASH_MISMATCH;
    return new Entry(listedIn, a.path(), a.role(), status, a.sha256(), actual);
  }

  private static Revalidation revalidate(
      ArtifactIndex index, Path base, List<Entry> entries, List<String> problems) {
    Stored capture = stored(index, base, CAPTURE_ROLE, "capture_", problems);
    Stored reference = stored(index, base, REFERENCE_ROLE, "reference_", problems);
    if (capture == null || reference == null) {
      return null;
    }
    for (Entry e : entries) {
      Path p = base.resolve(e.path()).normalize();
      if (e.status() != Status.OK && (capture.covers(p) || reference.covers(p))) {
        problems.add("not re-validated: the stored captures are incomplete or altered");
        return null;
      }
    }
    byte[] recorded = null;
    Gates gates = Gates.defaults();
    String recordedVerdict = null;
    if (index.validationReport() != null) {
      Path reportFile = base.resolve(index.validationReport());
      try {
        recorded = Files.readAllBytes(reportFile);
        JsonNode json = Json.parseObject(recorded, reportFile.toString());
        Reports.SCHEMA.check(json, reportFile.toString());
        gates = Gates.fromJson(json.get("gates"), reportFile + ": gates");
        recordedVerdict = json.get("verdict").asText();
      } catch (IOException e) {
        problems.add(reportFile + ": recorded validation report missing");
        recorded = null;
      } catch (ManifestException | ValidationException e) {
        problems.add(e.getMessage());
        recorded = null;
      }
    }
    Capture actual;
    Capture ref;
    try {
      actual = capture.load();
      ref = reference.load();
    } catch (ValidationException e) {
      problems.add(e.getMessage());
      return null;
    }
    ValidationReport report = Validator.validate(actual, ref, gates);
    boolean reproduced = recorded != null && Arrays.equals(recorded, report.toJsonBytes());
    if (recorded != null && !reproduced) {
      problems.add(
          index.validationReport()
              + ": the recorded report differs from re-validation of the"
              + " stored captures");
    }
    return new Revalidation(report, actual, ref, recordedVerdict, reproduced);
  }

  /**
   * A capture stored in the run folder: a capture directory (its {@code capture.json} listed with
   * the metadata role), or loose stream files ({@code <prefix>stdout}, {@code <prefix>stderr},
   * {@code <prefix>exit_status} roles, as the built-in run stage writes them).
   */
  private record Stored(Path dir, Map<String, Path> streams) {
    boolean covers(Path p) {
      return dir != null ? p.startsWith(dir) : streams.containsValue(p);
    }

    Capture load() {
      if (dir != null) {
        return Capture.read(dir);
      }
      String exit =
          new String(bytes(streams.get("exit_status")), StandardCharsets.US_ASCII).strip();
      if (!exit.matches("-?[0-9]{1,10}")) {
        throw new ValidationException(streams.get("exit_status") + ": not an exit status: " + exit);
      }
      Path stderr = streams.get("stderr");
      return Capture.ofStreams(
          bytes(streams.get("stdout")),
          stderr == null ? new byte[0] : bytes(stderr),
          Integer.parseInt(exit));
    }

    private static byte[] bytes(Path file) {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ValidationException(file + ": cannot read: " + e.getMessage());
      }
    }
  }

  private static Stored stored(
      ArtifactIndex index, Path base, String metadataRole, String prefix, List<String> problems) {
    List<ArtifactRecord> metadata = withRole(index, metadataRole);
    if (metadata.size() > 1) {
      problems.add(
          "artifact index lists " + metadata.size() + " artifacts with role " + metadataRole);
      return null;
    }
    if (metadata.size() == 1) {
      return new Stored(base.resolve(metadata.getFirst().path()).normalize().getParent(), Map.of());
    }
    Map<String, Path> streams = new TreeMap<>();
    for (String stream : List.of("stdout", "stderr", "exit_status")) {
      List<ArtifactRecord> found = withRole(index, prefix + stream);
      if (found.size() == 1) {
        streams.put(stream, base.resolve(found.getFirst().path()).normalize());
      }
    }
    return streams.containsKey("stdout") && streams.containsKey("exit_status")
        ? new Stored(null, streams)
        : null;
  }

  private static List<ArtifactRecord> withRole(ArtifactIndex index, String role) {
    return index.artifacts().stream().filter(a -> a.role().equals(role)).toList();
  }

  /**
   * Writes {@code artifact-check.json} and, when validation was recomputed, {@code
   * validation-report.json} and {@code .html} into {@code outDir}.
   */
  public static void write(Path outDir, Result result) {
    dev.recomp.manifest.Json.write(outDir.resolve(FILE_NAME), result.toJson(), SCHEMA);
    if (result.revalidation() != null) {
      Revalidation r = result.revalidation();
      Reports.write(outDir, r.report(), r.actual(), r.reference(), result.timeline());
    }
  }
}
