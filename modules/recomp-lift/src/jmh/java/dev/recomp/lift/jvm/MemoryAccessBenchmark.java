package dev.recomp.lift.jvm;

import dev.recomp.runtime.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guest memory accessors generated code calls for every load and store ({@code
 * ctx.memory.load64(address)} and friends), on a few mapped pages at scattered addresses, against a
 * bare {@link MemorySegment} access with the same little-endian unaligned layout on the same
 * reservation: the difference is what the bound and permission checks cost. One operation is one
 * access; scores are in ops/us (1000 / score = ns per operation). Run with {@code
 * scripts/bench-runtime.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--enable-native-access=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
      "-XX:+UseSerialGC"
    })
public class MemoryAccessBenchmark {
  private static final int ACCESSES = 1024;
  private static final long BASE = 0x10_0000;
  private static final int PAGES = 4;

  private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
  private static final ValueLayout.OfInt LE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private GuestMemory memory;
  private MemorySegment raw;

  /** Addresses where an 8-byte access stays inside its page, spread over {@link #PAGES} pages. */
  private final long[] inPage = new long[ACCESSES];

  /** Addresses where an 8-byte access straddles two mapped pages. */
  private final long[] crossing = new long[ACCESSES];

  @Setup
  public void map() {
    memory = GuestMemory.reserve(4L << 20);
    memory.map(BASE, PAGES * GuestMemory.PAGE_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    raw = memory.segment();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < ACCESSES; i++) {
      long page = BASE + random.nextInt(PAGES) * GuestMemory.PAGE_SIZE;
      inPage[i] = page + random.nextInt((int) GuestMemory.PAGE_SIZE - 7);
      long boundary = BASE + (1 + random.nextInt(PAGES - 1)) * GuestMemory.PAGE_SIZE;
      crossing[i] = boundary - 1 - random.nextInt(7);
      memory.store64(inPage[i], random.nextLong());
    }
  }

  @TearDown
  public void unmap() {
    memory.close();
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long load8() {
    long sum = 0;
    for (long a : inPage) {
      sum += memory.load8(a);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long rawLoad8() {
    long sum = 0;
    for (long a : inPage) {
      sum += Byte.toUnsignedLong(raw.get(U8, a));
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long load32() {
    long sum = 0;
    for (long a : inPage) {
      sum += memory.load32(a);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long rawLoad32() {
    long sum = 0;
    for (long a : inPage) {
      sum += Integer.toUnsignedLong(raw.get(LE32, a));
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long load64() {
    long sum = 0;
    for (long a : inPage) {
      sum += memory.load64(a);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long rawLoad64() {
    long sum = 0;
    for (long a : inPage) {
      sum += raw.get(LE64, a);
    }
    return sum;
  }

  /** The store writes a value derived from the address, so no two iterations store the same. */
  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public void store64() {
    for (long a : inPage) {
      memory.store64(a, a * 0x9e37_79b9_7f4a_7c15L);
    }
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public void rawStore64() {
    for (long a : inPage) {
      raw.set(LE64, a, a * 0x9e37_79b9_7f4a_7c15L);
    }
  }

  /** The slow path: both pages' permissions checked before the access. */
  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public long load64Crossing() {
    long sum = 0;
    for (long a : crossing) {
      sum += memory.load64(a);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(ACCESSES)
  public void store64Crossing() {
    for (long a : crossing) {
      memory.store64(a, a * 0x9e37_79b9_7f4a_7c15L);
    }
  }
}
