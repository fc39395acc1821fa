package dev.recomp.runtime.internal;

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

  static final class Host extends GuestRandom {
    private final SecureRandom random = new SecureRandom();

    @Override
    void fill(byte[] bytes) {
      random.nextBytes(bytes);
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
