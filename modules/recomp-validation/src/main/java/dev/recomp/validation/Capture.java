package dev.recomp.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.Sha256;
import dev.recomp.validation.internal.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * What one run of a program produced, as validation compares it: output streams, exit status, files
 * written, and optionally a syscall trace, runtime faults, video frames and audio.
 *
 * <p>On disk a capture is a directory (documented in {@code docs/validation.md}):
 *
 * <pre>
 * capture.json    schema_version 1, exit_status, timed_out, faults[], audio{sample_rate, channels}?
 * stdout.bin      the bytes written to fd 1
 * stderr.bin      the bytes written to fd 2
 * files/          the files the program wrote, by path relative to its sandbox root
 * trace.txt       optional: one syscall/SVC event a line ({@link TraceEvent})
 * frames/*.png    optional: frames in name order
 * audio.s16le     optional: signed 16-bit little-endian PCM, interleaved (with capture.json audio)
 * </pre>
 *
 * @param stdout the bytes written to standard output
 * @param stderr the bytes written to standard error
 * @param exitStatus the exit status (128 + signal when killed by a signal)
 * @param timedOut whether the run was stopped by its time limit
 * @param files files written: relative path ({@code /}-separated) to SHA-256
 * @param trace the syscall trace, when the run was traced
 * @param faults faults the runtime reported, in order
 * @param frames video frames, in order
 * @param audio audio, when the program sounded
 */
public record Capture(
    byte[] stdout,
    byte[] stderr,
    int exitStatus,
    boolean timedOut,
    SortedMap<String, String> files,
    Optional<List<TraceEvent>> trace,
    List<Fault> faults,
    List<Frame> frames,
    Optional<AudioTrack> audio) {

  /** The metadata file of a capture directory. */
  public static final String METADATA = "capture.json";

  private static final Set<String> KEYS =
      Set.of("schema_version", "exit_status", "timed_out", "faults", "audio");

  /** Defensive copies. */
  public Capture {
    stdout = stdout.clone();
    stderr = stderr.clone();
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    trace = trace.map(List::copyOf);
    faults = List.copyOf(faults);
    frames = List.copyOf(frames);
  }

  /**
   * A capture with only streams and exit status: a program that neither traced, drew nor sounded.
   */
  public static Capture ofStreams(byte[] stdout, byte[] stderr, int exitStatus) {
    return new Capture(
        stdout,
        stderr,
        exitStatus,
        false,
        new TreeMap<>(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty());
  }

  /**
   * A digest of everything validation compares, so a report names exactly what it judged. Equal
   * digests mean captures that validate identically.
   */
  public String digest() {
    StringBuilder s = new StringBuilder();
    s.append("exit ").append(exitStatus).append(timedOut ? " timeout" : "").append('\n');
    s.append("stdout ").append(Sha256.of(stdout)).append('\n');
    s.append("stderr ").append(Sha256.of(stderr)).append('\n');
    files.forEach((p, h) -> s.append("file ").append(h).append(' ').append(p).append('\n'));
    trace.ifPresent(t -> t.forEach(e -> s.append("trace ").append(e.toLine()).append('\n')));
    for (Fault f : faults) {
      s.append("fault ").append(f.kind().id()).append(' ').append(Long.toHexString(f.pc()));
      s.append(' ').append(f.detail()).append('\n');
    }
    frames.forEach(f -> s.append("frame ").append(f.sha256()).append('\n'));
    audio.ifPresent(
        a ->
            s.append("audio ")
                .append(a.sampleRate())
                .append(' ')
                .append(a.channels())
                .append(' ')
                .append(Sha256.of(pcmBytes(a.samples())))
                .append('\n'));
    return Sha256.of(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads the capture directory {@code dir}; a malformed one is a one-line error naming the file.
   */
  public static Capture read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ValidationException(dir + ": not a capture directory");
    }
    Path meta = dir.resolve(METADATA);
    ObjectNode json = Json.readObject(meta);
    String where = meta.toString();
    Json.onlyKeys(json, KEYS, where);
    if (Json.integer(json, "schema_version", where) != 1) {
      throw new ValidationException(where + ": schema_version must be 1");
    }
    long exitStatus = Json.integer(json, "exit_status", where);
    if (exitStatus < Integer.MIN_VALUE || exitStatus > Integer.MAX_VALUE) {
      throw new ValidationException(where + ": \"exit_status\" out of range: " + exitStatus);
    }
    int exit = (int) exitStatus;
    boolean timedOut = json.has("timed_out") && Json.bool(json, "timed_out", where);
    List<Fault> faults = json.has("faults") ? readFaults(json.get("faults"), where) : List.of();
    Optional<AudioTrack> audio =
        json.has("audio")
            ? Optional.of(readAudio(dir, json.get("audio"), where))
            : Optional.empty();
    return new Capture(
        readBytes(dir.resolve("stdout.bin")),
        readBytes(dir.resolve("stderr.bin")),
        exit,
        timedOut,
        readFiles(dir.resolve("files")),
        readTrace(dir.resolve("trace.txt")),
        faults,
        readFrames(dir.resolve("frames")),
        audio);
  }

  private static List<Fault> readFaults(JsonNode node, String where) {
    if (!node.isArray()) {
      throw new ValidationException(where + ": \"faults\" must be an array");
    }
    List<Fault> out = new ArrayList<>();
    int i = 0;
    for (JsonNode f : node) {
      String at = where + ": faults[" + i++ + "]";
      Json.onlyKeys(f, Set.of("kind", "pc", "detail"), at);
      String pc = Json.text(f, "pc", at);
      if (!pc.matches("0x[0-9a-f]{1,16}")) {
        throw new ValidationException(at + ": \"pc\" must be lowercase hex like 0x4001a0");
      }
      out.add(
          new Fault(
              Fault.Kind.of(Json.text(f, "kind", at), at),
              Long.parseUnsignedLong(pc.substring(2), 16),
              Json.text(f, "detail", at)));
    }
    return out;
  }

  private static AudioTrack readAudio(Path dir, JsonNode node, String where) {
    String at = where + ": audio";
    Json.onlyKeys(node, Set.of("sample_rate", "channels"), at);
    long rate = Json.integer(node, "sample_rate", at);
    long channels = Json.integer(node, "channels", at);
    if (rate < 1 || rate > 1_000_000 || channels < 1 || channels > 64) {
      throw new ValidationException(at + ": sample_rate or channels out of range");
    }
    Path pcm = dir.resolve("audio.s16le");
    byte[] bytes = readBytes(pcm);
    if (bytes.length % (2 * channels) != 0) {
      throw new ValidationException(
          pcm
              + ": "
              + bytes.length
              + " bytes is not a whole number of 16-bit frames of "
              + channels
              + " channels");
    }
    short[] samples = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
    return new AudioTrack((int) rate, (int) channels, samples);
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ValidationException(file + ": missing");
    } catch (IOException e) {
      throw new ValidationException(file + ": cannot read: " + e.getMessage());
    }
  }

  private static SortedMap<String, String> readFiles(Path root) {
    SortedMap<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        out.put(relative(root, p), Sha256.of(readBytes(p)));
      }
    } catch (IOException e) {
      throw new ValidationException(root + ": cannot list: " + e.getMessage());
    }
    return out;
  }

  private static String relative(Path root, Path p) {
    List<String> parts = new ArrayList<>();
    root.relativize(p).forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }

  private static Optional<List<TraceEvent>> readTrace(Path file) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = new String(readBytes(file), StandardCharsets.UTF_8);
    List<TraceEvent> events = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        events.add(TraceEvent.parse(lines.get(i), file + ":" + (i + 1)));
      }
    }
    return Optional.of(events);
  }

  private static List<Frame> readFrames(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> pngs;
    try (Stream<Path> list = Files.list(dir)) {
      pngs =
          list.filter(p -> p.getFileName().toString().endsWith(".png"))
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new ValidationException(dir + ": cannot list: " + e.getMessage());
    }
    List<Frame> frames = new ArrayList<>();
    for (Path p : pngs) {
      frames.add(readPng(p));
    }
    return frames;
  }

  private static Frame readPng(Path file) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new ValidationException(file + ": not a readable PNG image: " + e.getMessage());
    }
    if (image == null) {
      throw new ValidationException(file + ": not a PNG image");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    return Frame.of(file.getFileName().toString(), w, h, image.getRGB(0, 0, w, h, null, 0, w));
  }

  static byte[] pcmBytes(short[] samples) {
    ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(samples);
    return b.array();
  }

  /**
   * A capture to be stored: what a reference executor or the run stage recorded, with the written
   * files' contents.
   *
   * @param stdout bytes written to standard output
   * @param stderr bytes written to standard error
   * @param exitStatus exit status (128 + signal when killed)
   * @param timedOut whether the run hit its time limit
   * @param files written files: relative {@code /}-separated path to contents
   * @param trace the syscall trace, when traced
   * @param faults runtime faults
   * @param frames video frames, stored as {@code frames/<name>}
   * @param audio audio, when the program sounded
   */
  public record Recording(
      byte[] stdout,
      byte[] stderr,
      int exitStatus,
      boolean timedOut,
      SortedMap<String, byte[]> files,
      Optional<List<TraceEvent>> trace,
      List<Fault> faults,
      List<Frame> frames,
      Optional<AudioTrack> audio) {

    /**
     * Writes this recording as the capture directory {@code dir}, which must not exist yet. The
     * directory appears whole or not at all: it is built beside {@code dir} and renamed.
     */
    public void writeTo(Path dir) {
      Path target = dir.toAbsolutePath().normalize();
      if (Files.exists(target)) {
        throw new ValidationException(dir + ": already exists");
      }
      try {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName());
        try {
          writeInto(tmp);
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          deleteTree(tmp);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": cannot write capture: " + e.getMessage(), e);
      }
    }

    private void writeInto(Path dir) throws IOException {
      ObjectNode meta = Json.object();
      meta.put("schema_version", 1);
      meta.put("exit_status", exitStatus);
      meta.put("timed_out", timedOut);
      ArrayNode faultArray = meta.putArray("faults");
      for (Fault f : faults) {
        ObjectNode o = faultArray.addObject();
        o.put("kind", f.kind().id());
        o.put("pc", "0x" + Long.toHexString(f.pc()));
        o.put("detail", f.detail());
      }
      audio.ifPresent(
          a -> {
            ObjectNode o = meta.putObject("audio");
            o.put("sample_rate", a.sampleRate());
            o.put("channels", a.channels());
          });
      Files.write(dir.resolve(METADATA), Json.bytes(meta));
      Files.write(dir.resolve("stdout.bin"), stdout);
      Files.write(dir.resolve("stderr.bin"), stderr);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        Path p = dir.resolve("files").resolve(e.getKey()).normalize();
        if (!p.startsWith(dir.resolve("files")) || e.getKey().isEmpty()) {
          throw new ValidationException("written file path escapes files/: " + e.getKey());
        }
        Files.createDirectories(p.getParent());
        Files.write(p, e.getValue());
      }
      if (trace.isPresent()) {
        StringBuilder t = new StringBuilder();
        trace.get().forEach(ev -> t.append(ev.toLine()).append('\n'));
        Files.writeString(dir.resolve("trace.txt"), t, StandardCharsets.UTF_8);
      }
      if (!frames.isEmpty()) {
        Files.createDirectories(dir.resolve("frames"));
        for (Frame f : frames) {
          Files.write(dir.resolve("frames").resolve(f.name()), png(f));
        }
      }
      if (audio.isPresent()) {
        Files.write(dir.resolve("audio.s16le"), pcmBytes(audio.get().samples()));
      }
    }
  }

  /** {@code frame} encoded as PNG. */
  public static byte[] png(Frame frame) {
    BufferedImage image =
        new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, frame.width(), frame.height(), frame.rgb(), 0, frame.width());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
