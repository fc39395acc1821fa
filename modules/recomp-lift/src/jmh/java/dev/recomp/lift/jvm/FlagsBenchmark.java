package dev.recomp.lift.jvm;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 64-bit {@code CMP x, y} (AddWithCarry(x, ~y, 1)) followed by a conditional branch, the two ways
 * generated code can evaluate it: {@link JvmOps#holdsAfterAdd} straight from the operands (flags
 * deferred, the form the backend emits when the flags are used only by the condition) and {@link
 * JvmOps#addFlags} packing NZCV then {@link JvmOps#holds} (the flags were materialized). As in
 * generated code the condition and width are constants and the operands are not. One operation is
 * one compare-and-test; scores are in ops/us (1000 / score = ns per operation). Run with {@code
 * scripts/bench-runtime.sh}.
 *
 * <p>A quarter of the operand pairs are equal and the rest are random, so every condition is true
 * for some pairs and false for others. The outcome is counted rather than branched on, which keeps
 * branch prediction out of the comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class FlagsBenchmark {
  private static final int PAIRS = 1024;
  private static final int EQ = 0;
  private static final int HS = 2;
  private static final int HI = 8;
  private static final int LT = 11;
  private static final int GT = 12;

  private final long[] x = new long[PAIRS];
  private final long[] y = new long[PAIRS];

  @Setup
  public void operands() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < PAIRS; i++) {
      x[i] = random.nextLong();
      y[i] = random.nextInt(4) == 0 ? x[i] : random.nextLong();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int lazyEq() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holdsAfterAdd(EQ, x[i], ~y[i], 1, 64) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int packedEq() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holds(EQ, JvmOps.addFlags(x[i], ~y[i], 1, 64)) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int lazyHs() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holdsAfterAdd(HS, x[i], ~y[i], 1, 64) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int packedHs() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holds(HS, JvmOps.addFlags(x[i], ~y[i], 1, 64)) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int lazyHi() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holdsAfterAdd(HI, x[i], ~y[i], 1, 64) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int packedHi() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holds(HI, JvmOps.addFlags(x[i], ~y[i], 1, 64)) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int lazyLt() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holdsAfterAdd(LT, x[i], ~y[i], 1, 64) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int packedLt() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holds(LT, JvmOps.addFlags(x[i], ~y[i], 1, 64)) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int lazyGt() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holdsAfterAdd(GT, x[i], ~y[i], 1, 64) ? 1 : 0;
    }
    return taken;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int packedGt() {
    int taken = 0;
    for (int i = 0; i < PAIRS; i++) {
      taken += JvmOps.holds(GT, JvmOps.addFlags(x[i], ~y[i], 1, 64)) ? 1 : 0;
    }
    return taken;
  }
}
