package dev.recomp.intake;

import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.TomlTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The user's local title registry: retail titles known only by the SHA-256 of their title id,
 * mapped to where the user keeps them. Nothing in it identifies a title in clear, so configs and
 * manifests can refer to titles by hash.
 *
 * <pre>
 * schema_version = 1
 *
 * [[titles]]
 * title_id_sha256 = "…"            # SHA-256 of the lower-case 16-hex-digit title id
 * path = "/home/me/dumps/game.nsp" # absolute, or relative to this file's directory
 * label = "my copy"                # optional
 * </pre>
 *
 * @param file the registry file
 * @param titles entries by hashed title id, sorted
 */
public record TitleRegistry(Path file, Map<String, TitleRegistry.Entry> titles) {
  /**
   * One registered title.
   *
   * @param titleIdSha256 SHA-256 of the title id
   * @param path where the user keeps it (resolved)
   * @param label optional note
   */
  public record Entry(String titleIdSha256, Path path, Optional<String> label) {}

  private static final Set<String> TOP_KEYS = Set.of("schema_version", "titles");
  private static final Set<String> ENTRY_KEYS = Set.of("title_id_sha256", "path", "label");
  private static final Pattern TITLE_ID = Pattern.compile("[0-9a-fA-F]{16}");

  /** Makes the map unmodifiable, keeping its sort. */
  public TitleRegistry {
    titles = Collections.unmodifiableMap(new TreeMap<>(titles));
  }

  /** The SHA-256 under which {@code titleId} (16 hex digits, any case) is registered. */
  public static String hashTitleId(String titleId) {
    if (!TITLE_ID.matcher(titleId).matches()) {
      throw new IllegalArgumentException("title id \"" + titleId + "\" is not 16 hex digits");
    }
    return Hashing.sha256Hex(titleId.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }

  /** Where the registry lives by default: {@code $XDG_CONFIG_HOME/recomp/titles.toml}. */
  public static Path defaultLocation() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config =
        xdg == null || xdg.isEmpty()
            ? Path.of(System.getProperty("user.home"), ".config")
            : Path.of(xdg);
    return config.resolve("recomp").resolve("titles.toml");
  }

  /** Reads and validates the registry at {@code file}. */
  public static TitleRegistry load(Path file) throws IntakeException {
    TomlTable root = TomlTable.read(file);
    root.allowOnly(TOP_KEYS);
    long version = root.integer("schema_version");
    if (version != 1) {
      throw root.error("schema_version", version + " is not supported (expected 1)");
    }
    Path dir = file.toAbsolutePath().getParent();
    Map<String, Entry> titles = new TreeMap<>();
    for (TomlTable t : root.tables("titles")) {
      t.allowOnly(ENTRY_KEYS);
      String hash = t.string("title_id_sha256");
      if (!Hashing.isSha256Hex(hash)) {
        throw t.error(
            "title_id_sha256", "expected 64 lower-case hex digits (the SHA-256 of the title id)");
      }
      Entry e =
          new Entry(hash, dir.resolve(t.string("path")).normalize(), t.optionalString("label"));
      if (titles.putIfAbsent(hash, e) != null) {
        throw t.error("title_id_sha256", "registered twice");
      }
    }
    return new TitleRegistry(file, titles);
  }

  /** The entry for the title id {@code titleId} (16 hex digits). */
  public Optional<Entry> find(String titleId) {
    return Optional.ofNullable(titles.get(hashTitleId(titleId)));
  }

  /** The entry for an already hashed title id. */
  public Optional<Entry> findHashed(String titleIdSha256) {
    return Optional.ofNullable(titles.get(titleIdSha256));
  }

  /** All entries, sorted by hashed id. */
  public List<Entry> entries() {
    return List.copyOf(titles.values());
  }
}
