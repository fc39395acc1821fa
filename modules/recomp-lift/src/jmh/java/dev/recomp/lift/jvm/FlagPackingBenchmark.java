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
 * Packing NZCV from its lazy form, {@link JvmOps#packedFlags}: what generated code computes when a
 * live NZCV leaves the method (a call, a syscall, a return, a fault) or is read in a later block.
 * Conditions themselves are compiled to plain compares and need no runtime method. The lazy form is
 * the kind of the op that set the flags and its operands: a 64- or 32-bit compare (AddWithCarry(x,
 * ~y, 1)), a logical result, or NZCV already packed.
 *
 * <p>{@code add64}, {@code add32} and {@code logic64} pack one kind, a constant as it is where the
 * JIT sees the flag-setting op and the exit together. {@code mixed} takes the kind from a table of
 * all four, as at an exit reached from several flag-setting ops. One operation is one packing;
 * scores are in ops/us (1000 / score = ns per operation). Run with {@code
 * scripts/bench-runtime.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class FlagPackingBenchmark {
  private static final int PAIRS = 1024;
  private static final int[] KINDS = {
    JvmOps.FLAGS_ADD64, JvmOps.FLAGS_ADD32, JvmOps.FLAGS_LOGIC64, JvmOps.FLAGS_PACKED
  };

  private final long[] x = new long[PAIRS];
  private final long[] y = new long[PAIRS];
  private final int[] kind = new int[PAIRS];

  @Setup
  public void operands() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < PAIRS; i++) {
      x[i] = random.nextLong();
      y[i] = random.nextInt(4) == 0 ? x[i] : random.nextLong();
      kind[i] = KINDS[random.nextInt(KINDS.length)];
    }
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public long add64() {
    long sum = 0;
    for (int i = 0; i < PAIRS; i++) {
      sum += JvmOps.packedFlags(JvmOps.FLAGS_ADD64, x[i], ~y[i], 1, 0);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public long add32() {
    long sum = 0;
    for (int i = 0; i < PAIRS; i++) {
      long a = x[i] & 0xffff_ffffL;
      long b = ~y[i] & 0xffff_ffffL;
      sum += JvmOps.packedFlags(JvmOps.FLAGS_ADD32, a, b, 1, 0);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public long logic64() {
    long sum = 0;
    for (int i = 0; i < PAIRS; i++) {
      sum += JvmOps.packedFlags(JvmOps.FLAGS_LOGIC64, x[i] & y[i], 0, 0, 0);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public long mixed() {
    long sum = 0;
    for (int i = 0; i < PAIRS; i++) {
      sum += JvmOps.packedFlags(kind[i], x[i], ~y[i], 1, x[i] & 0xf000_0000L);
    }
    return sum;
  }
}
