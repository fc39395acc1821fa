package dev.recomp.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as lowercase hex, the form every recomp record uses. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The hex digest of {@code bytes}. */
  public static String of(byte[] bytes) {
    return hex(digest().digest(bytes));
  }

  /** The hex digest of the file's content. */
  public static String of(Path file) {
    MessageDigest md = digest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new ManifestException(file + ": cannot read: " + e.getMessage(), e);
    }
    return hex(md.digest());
  }

  /** Lowercase hex of a finished digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** Whether {@code text} is a SHA-256 in recomp's form: 64 lowercase hex digits. */
  public static boolean isHex(String text) {
    return text != null && HEX.matcher(text).matches();
  }
}
