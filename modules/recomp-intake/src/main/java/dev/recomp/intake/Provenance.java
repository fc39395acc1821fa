package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.TomlTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code provenance.toml}: what a run's inputs are, pinned by SHA-256. A run whose inputs do not
 * match byte for byte is refused ({@link #verify()}).
 *
 * <pre>
 * schema_version = 1
 *
 * [title]
 * name = "Reboot to Payload"
 * track = "homebrew"            # homebrew | retail
 * title_id_sha256 = "…"         # optional: SHA-256 of the 16-hex-digit title id
 *
 * [[inputs]]
 * path = "reboot_to_payload.nro"  # relative to this file's directory, or absolute
 * sha256 = "803c441a…"
 * size = 303013
 * format = "nro"                # elf | nro | nso | npdm | nsp | pfs0 | romfs | nacp | xci | nca
 * role = "main"                 # main | module | metadata | container | assets
 * </pre>
 *
 * @param file the provenance file
 * @param schemaVersion the schema version (1)
 * @param title what the inputs are
 * @param inputs the pinned inputs, in file order
 */
public record Provenance(
    Path file, int schemaVersion, Provenance.Title title, List<Provenance.Input> inputs) {
  /** The only schema version this reader accepts. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * The title the inputs belong to.
   *
   * @param name display name
   * @param track "homebrew" or "retail"
   * @param titleIdSha256 SHA-256 of the title id, for retail titles kept out of the repository
   */
  public record Title(String name, String track, Optional<String> titleIdSha256) {}

  /**
   * One pinned input.
   *
   * @param path as written (relative to the provenance file's directory, or absolute)
   * @param sha256 expected SHA-256, lower-case hex
   * @param size expected size in bytes
   * @param format declared format
   * @param role what the input is for
   */
  public record Input(String path, String sha256, long size, String format, String role) {}

  /** An input whose bytes matched its pin. */
  public record VerifiedInput(Input input, Path file) {}

  private static final Set<String> TOP_KEYS = Set.of("schema_version", "title", "inputs");
  private static final Set<String> TITLE_KEYS = Set.of("name", "track", "title_id_sha256");
  private static final Set<String> INPUT_KEYS = Set.of("path", "sha256", "size", "format", "role");
  private static final Set<String> TRACKS = Set.of("homebrew", "retail");
  private static final Set<String> ROLES =
      Set.of("main", "module", "metadata", "container", "assets");

  /** Declared formats; those recognizable by magic are checked against the file's first bytes. */
  private static final Map<String, Optional<Magic>> FORMATS =
      Map.of(
          "elf", Optional.of(new Magic(0, new byte[] {0x7f, 'E', 'L', 'F'})),
          "nro", Optional.of(new Magic(0x10, "NRO0".getBytes())),
          "nso", Optional.of(new Magic(0, "NSO0".getBytes())),
          "npdm", Optional.of(new Magic(0, "META".getBytes())),
          "nsp", Optional.of(new Magic(0, "PFS0".getBytes())),
          "pfs0", Optional.of(new Magic(0, "PFS0".getBytes())),
          "romfs", Optional.empty(),
          "nacp", Optional.empty(),
          "xci", Optional.empty(),
          "nca", Optional.empty());

  private record Magic(int offset, byte[] bytes) {}

  /** Makes the list unmodifiable. */
  public Provenance {
    inputs = List.copyOf(inputs);
  }

  /** Reads and validates {@code file}; unknown keys, wrong types and bad values are refused. */
  public static Provenance load(Path file) throws IntakeException {
    TomlTable root = TomlTable.read(file);
    root.allowOnly(TOP_KEYS);
    long version = root.integer("schema_version");
    if (version != SCHEMA_VERSION) {
      throw root.error(
          "schema_version", version + " is not supported (expected " + SCHEMA_VERSION + ")");
    }
    TomlTable t = root.table("title");
    t.allowOnly(TITLE_KEYS);
    Optional<String> titleHash = t.optionalString("title_id_sha256");
    if (titleHash.isPresent() && !Hashing.isSha256Hex(titleHash.get())) {
      throw t.error("title_id_sha256", "expected 64 lower-case hex digits");
    }
    Title title = new Title(t.string("name"), t.oneOf("track", TRACKS), titleHash);
    List<Input> inputs = new ArrayList<>();
    List<TomlTable> tables = root.tables("inputs");
    if (tables.isEmpty()) {
      throw root.error("inputs", "missing: at least one [[inputs]] entry is required");
    }
    for (TomlTable in : tables) {
      in.allowOnly(INPUT_KEYS);
      String sha256 = in.string("sha256");
      if (!Hashing.isSha256Hex(sha256)) {
        throw in.error("sha256", "expected 64 lower-case hex digits");
      }
      long size = in.integer("size");
      if (size < 0) {
        throw in.error("size", "must not be negative");
      }
      inputs.add(
          new Input(
              in.string("path"),
              sha256,
              size,
              in.oneOf("format", FORMATS.keySet()),
              in.oneOf("role", ROLES)));
    }
    return new Provenance(file, (int) version, title, inputs);
  }

  /** Where an input's file is. */
  public Path resolve(Input input) {
    Path dir = file.toAbsolutePath().getParent();
    return dir.resolve(input.path()).normalize();
  }

  /**
   * Checks every input's size, SHA-256 and (where recognizable) format against its pin; refuses the
   * run at the first mismatch, naming the input.
   */
  public List<VerifiedInput> verify() throws IntakeException {
    List<VerifiedInput> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      Path path = resolve(input);
      String who = file + ": inputs[" + i + "] \"" + input.path() + "\": ";
      try {
        long size = Files.size(path);
        if (size != input.size()) {
          throw new IntakeException(
              who
                  + "size "
                  + size
                  + " differs from the pinned size "
                  + input.size()
                  + "; run refused");
        }
        String actual = sha256(path, who, FORMATS.get(input.format()), input.format());
        if (!actual.equals(input.sha256())) {
          throw new IntakeException(
              who
                  + "sha256 "
                  + actual
                  + " differs from the pinned "
                  + input.sha256()
                  + "; run refused");
        }
      } catch (NoSuchFileException e) {
        throw new IntakeException(who + "file " + path + " does not exist; run refused", e);
      } catch (IOException e) {
        throw new IntakeException(who + "cannot read " + path + ": " + e.getMessage(), e);
      }
      out.add(new VerifiedInput(input, path));
    }
    return out;
  }

  private static String sha256(Path path, String who, Optional<Magic> magic, String format)
      throws IOException, IntakeException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
      byte[] head = in.readNBytes(0x20);
      if (magic.isPresent()) {
        Magic m = magic.get();
        boolean matches =
            head.length >= m.offset() + m.bytes().length
                && Arrays.equals(
                    Arrays.copyOfRange(head, m.offset(), m.offset() + m.bytes().length), m.bytes());
        if (!matches) {
          throw new IntakeException(
              who
                  + "declared format "
                  + format
                  + " but the file lacks its magic at "
                  + hex(m.offset())
                  + "; run refused");
        }
      }
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
