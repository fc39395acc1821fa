package dev.recomp.lift.internal.helpers;

import dev.recomp.lift.Helper;

/** The counter helpers. */
public final class Counters {
  private Counters() {}

  /** {@link Helper#READ_CNTVCT}. */
  public static long readCntvct() {
    return System.nanoTime() / (1_000_000_000L / Helper.COUNTER_FREQUENCY_HZ);
  }
}
