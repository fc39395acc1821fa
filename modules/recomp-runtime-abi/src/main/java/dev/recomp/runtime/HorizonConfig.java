package dev.recomp.runtime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a Horizon (Switch) guest: where svcOutputDebugString writes, limits, the NRO argument
 * string, and what to record. Build with {@link #builder()}.
 *
 * @param debugOutput receives every svcOutputDebugString's bytes, in order
 * @param diagnostics receives the failure report of an abnormal ending
 * @param argv the homebrew loader's Argv string (program path and arguments, space separated)
 * @param instructionLimit instructions after which the run ends (0: none)
 * @param wallClockLimit wall-clock time after which the run ends
 * @param jvmStackSize the JVM stack of each guest thread
 * @param addressSpaceSize the guest address space (at least {@link
 *     HorizonLoader#MIN_ADDRESS_SPACE})
 * @param mainStackSize the main thread's stack
 * @param traceSvcs keep every SVC in the trace (counts are always kept)
 * @param stopAtUnimplementedService end the run (exit status 121) when the guest asks sm for a
 *     service the runtime does not implement, instead of handing out a session whose commands all
 *     fail
 * @param recordBlocks record the address of every block executed (slows the run: every block calls
 *     into the runtime)
 * @param entropySeed the seed of svcGetInfo(RandomEntropy)
 */
public record HorizonConfig(
    OutputStream debugOutput,
    PrintStream diagnostics,
    String argv,
    long instructionLimit,
    Optional<Duration> wallClockLimit,
    long jvmStackSize,
    long addressSpaceSize,
    long mainStackSize,
    boolean traceSvcs,
    boolean stopAtUnimplementedService,
    boolean recordBlocks,
    long entropySeed) {
  /** Checks the values. */
  public HorizonConfig {
    Objects.requireNonNull(debugOutput, "debugOutput");
    Objects.requireNonNull(diagnostics, "diagnostics");
    Objects.requireNonNull(argv, "argv");
    Objects.requireNonNull(wallClockLimit, "wallClockLimit");
    if (instructionLimit < 0) {
      throw new IllegalArgumentException("instructionLimit must not be negative");
    }
    if (addressSpaceSize < HorizonLoader.MIN_ADDRESS_SPACE) {
      throw new IllegalArgumentException(
          "a Horizon guest needs an address space of at least 0x"
              + Long.toHexString(HorizonLoader.MIN_ADDRESS_SPACE)
              + " bytes");
    }
    if (mainStackSize <= 0 || (mainStackSize & (GuestMemory.PAGE_SIZE - 1)) != 0) {
      throw new IllegalArgumentException("mainStackSize must be a positive multiple of 4 KiB");
    }
  }

  /** A builder with the defaults: debug output to stdout, no limits, 1 MiB main stack. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HorizonConfig}. */
  public static final class Builder {
    private OutputStream debugOutput = System.out;
    private PrintStream diagnostics = System.err;
    private String argv = "";
    private long instructionLimit;
    private Optional<Duration> wallClockLimit = Optional.empty();
    private long jvmStackSize = 512L << 20;
    private long addressSpaceSize = HorizonLoader.MIN_ADDRESS_SPACE;
    private long mainStackSize = 1L << 20;
    private boolean traceSvcs;
    private boolean stopAtUnimplementedService;
    private boolean recordBlocks;
    private long entropySeed;

    private Builder() {}

    public Builder debugOutput(OutputStream value) {
      debugOutput = value;
      return this;
    }

    public Builder diagnostics(PrintStream value) {
      diagnostics = value;
      return this;
    }

    public Builder argv(String value) {
      argv = value;
      return this;
    }

    public Builder instructionLimit(long value) {
      instructionLimit = value;
      return this;
    }

    public Builder wallClockLimit(Duration value) {
      wallClockLimit = Optional.of(value);
      return this;
    }

    public Builder jvmStackSize(long value) {
      jvmStackSize = value;
      return this;
    }

    public Builder addressSpaceSize(long value) {
      addressSpaceSize = value;
      return this;
    }

    public Builder mainStackSize(long value) {
      mainStackSize = value;
      return this;
    }

    public Builder traceSvcs(boolean value) {
      traceSvcs = value;
      return this;
    }

    public Builder stopAtUnimplementedService(boolean value) {
      stopAtUnimplementedService = value;
      return this;
    }

    public Builder recordBlocks(boolean value) {
      recordBlocks = value;
      return this;
    }

    public Builder entropySeed(long value) {
      entropySeed = value;
      return this;
    }

    public HorizonConfig build() {
      return new HorizonConfig(
          debugOutput,
          diagnostics,
          argv,
          instructionLimit,
          wallClockLimit,
          jvmStackSize,
          addressSpaceSize,
          mainStackSize,
          traceSvcs,
          stopAtUnimplementedService,
          recordBlocks,
          entropySeed);
    }
  }
}
