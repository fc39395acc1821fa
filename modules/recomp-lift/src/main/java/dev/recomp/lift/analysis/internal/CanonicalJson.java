package dev.recomp.lift.analysis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Canonical JSON (object keys sorted, no insignificant whitespace) and hashes over it. */
public final class CanonicalJson {
  /** Writes trees with sorted keys so equal meanings give equal bytes. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private CanonicalJson() {}

  /** The canonical bytes of {@code tree}. */
  public static byte[] bytes(JsonNode tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lower-case hex SHA-256 of the canonical bytes of {@code tree} followed by {@code extra}. */
  static String sha256(JsonNode tree, List<byte[]> extra) {
    MessageDigest digest = sha256();
    digest.update(bytes(tree));
    extra.forEach(digest::update);
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A digest of a file's bytes, or of a directory's files (relative path and bytes, in path order),
   * so that a changed hook class changes the config's hash.
   */
  static byte[] contentDigest(Path entry) throws IOException {
    MessageDigest digest = sha256();
    if (Files.isDirectory(entry)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(entry)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        digest.update(
            entry.relativize(file).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
      }
    } else {
      digest.update(Files.readAllBytes(entry));
    }
    return digest.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
