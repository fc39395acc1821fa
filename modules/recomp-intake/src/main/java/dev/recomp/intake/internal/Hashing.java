package dev.recomp.intake.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 as lower-case hex. */
public final class Hashing {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Hashing() {}

  /** Whether {@code text} is a SHA-256 in this form: 64 lower-case hex digits. */
  public static boolean isSha256Hex(String text) {
    return text != null && HEX.matcher(text).matches();
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of {@code bytes}, lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes));
  }
}
