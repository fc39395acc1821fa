package dev.recomp.lift;

import java.util.List;

/** Named runtime helpers with their signatures; the interpreter and each backend implement all. */
public enum Helper {
  /** The virtual counter CNTVCT_EL0, ticking at {@link #COUNTER_FREQUENCY_HZ}. */
  READ_CNTVCT(Type.I64, List.of());

  /** CNTFRQ_EL0 as qemu's Cortex-A53 model reports it. */
  public static final long COUNTER_FREQUENCY_HZ = 62_500_000L;

  private final Type result;
  private final List<Type> params;

  Helper(Type result, List<Type> params) {
    this.result = result;
    this.params = params;
  }

  public Type result() {
    return result;
  }

  public List<Type> params() {
    return params;
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
