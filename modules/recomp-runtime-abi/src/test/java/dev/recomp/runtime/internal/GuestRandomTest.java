package dev.recomp.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GuestRandomTest {
  @Test
  void hostEntropyFillsEveryRequestAndDoesNotRepeat() {
    GuestRandom host = GuestRandom.of(false, 0);
    byte[] a = new byte[4099];
    byte[] b = new byte[4099];
    host.fill(a);
    host.fill(b);
    assertFalse(Arrays.equals(a, b), "two draws of 4 KiB from the host were equal");
    assertFalse(Arrays.equals(Arrays.copyOfRange(a, 4083, 4099), new byte[16]), "tail unfilled");
  }

  @Test
  void theSeededStreamRepeatsForTheSameSeed() {
    byte[] a = new byte[37];
    byte[] b = new byte[37];
    GuestRandom.of(true, 42).fill(a);
    GuestRandom.of(true, 42).fill(b);
    assertArrayEquals(a, b);
  }
}
