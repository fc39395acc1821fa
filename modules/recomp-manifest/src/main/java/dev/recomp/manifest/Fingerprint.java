package dev.recomp.manifest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Builds a SHA-256 over named fields. Every field name and value is length-prefixed, so no two
 * different field sequences can produce the same byte stream (and so the same fingerprint).
 */
public final class Fingerprint {
  private final MessageDigest digest = Sha256.digest();

  private Fingerprint(String domain) {
    put(domain);
  }

  /** A fingerprint for the given purpose; different domains never collide. */
  public static Fingerprint of(String domain) {
    return new Fingerprint(domain);
  }

  /** Adds a text field. */
  public Fingerprint add(String field, String value) {
    put(field);
    put(value == null ? "\u0000null" : value);
    return this;
  }

  /** Adds a number field. */
  public Fingerprint add(String field, long value) {
    return add(field, Long.toString(value));
  }

  /** Adds a list field; order matters. */
  public Fingerprint add(String field, List<String> values) {
    put(field);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(values.size()).array());
    values.forEach(this::put);
    return this;
  }

  /** The hex SHA-256 of everything added. */
  public String hex() {
    return Sha256.hex(digest.digest());
  }

  private void put(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
