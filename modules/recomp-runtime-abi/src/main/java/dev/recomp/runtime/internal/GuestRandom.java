package dev.recomp.runtime.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * The entropy the guest sees (getrandom, AT_RANDOM): host entropy, or in deterministic mode a
 * SplitMix64 stream from the configured seed, defined here so that it never changes with the JDK.
 */
abstract sealed class GuestRandom {
  abstract void fill(byte[] bytes);

  static GuestRandom of(boolean deterministic, long seed) {
    return deterministic ? new Seeded(seed) : new Host();
  }

  /**
   * The host's /dev/urandom, which SecureRandom's default reads on Linux as well: setting up a
   * SecureRandom (provider lookup, the java.security file) took ~25 ms of every launch, for the 16
   * bytes of AT_RANDOM. A host without it gets SecureRandom.
   */
  static final class Host extends GuestRandom {
    private static final String DEVICE = "/dev/urandom";
    private SecureRandom fallback;

    @Override
    synchronized void fill(byte[] bytes) {
      try (InputStream in = new FileInputStream(DEVICE)) {
        if (in.readNBytes(bytes, 0, bytes.length) == bytes.length) {
          return;
        }
      } catch (IOException e) {
        // Use the fallback.
      }
      if (fallback == null) {
        fallback = new SecureRandom();
      }
      fallback.nextBytes(bytes);
    }
  }

  static final class Seeded extends GuestRandom {
    private long state;

    Seeded(long seed) {
      state = seed;
    }

    @Override
    void fill(byte[] bytes) {
      for (int i = 0; i < bytes.length; i += 8) {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        for (int j = 0; j < 8 && i + j < bytes.length; j++) {
          bytes[i + j] = (byte) (z >>> (8 * j));
        }
      }
    }
  }
}
