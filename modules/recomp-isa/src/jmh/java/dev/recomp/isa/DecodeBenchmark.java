package dev.recomp.isa;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode throughput on one thread over every instruction word of a golden objdump listing, in the
 * order the binary holds them. One operation is one instruction, so the score in ops/us is million
 * instructions per second. Run with {@code scripts/bench-decode.sh}.
 *
 * <p>The fork uses the serial collector with a fixed heap: collection then runs on the measured
 * thread, so the score is what one core achieves including the cost of the decoded objects, and
 * other load on the machine cannot starve a concurrent collector's threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class DecodeBenchmark {

  /** The listing whose words are decoded, relative to the repository root (the working dir). */
  @Param("fixtures/objdump/hello-glibc-O2.tsv.gz")
  public String listing;

  private static final int WORDS = 89_125;

  private final Decoder decoder = Decoder.standard();
  private int[] words;
  private long[] pcs;

  @Setup
  public void load() throws IOException {
    List<ObjdumpComparison.Line> lines = ObjdumpComparison.readGolden(Path.of(listing)).lines();
    // Every invocation decodes exactly WORDS words (the listing repeated or cut), so that
    // @OperationsPerInvocation turns the score into instructions per time unit.
    words = new int[WORDS];
    pcs = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      ObjdumpComparison.Line line = lines.get(i % lines.size());
      words[i] = line.word();
      pcs[i] = line.address();
    }
  }

  /** {@link Decoder#decode}: selects the encoding and wraps it in an {@link Insn}. */
  @Benchmark
  @OperationsPerInvocation(WORDS)
  public void decode(Blackhole bh) {
    for (int i = 0; i < words.length; i++) {
      bh.consume(decoder.decode(pcs[i], words[i]));
    }
  }

  /** {@link Decoder#encodingOf}: the encoding lookup alone. */
  @Benchmark
  @OperationsPerInvocation(WORDS)
  public void encodingOf(Blackhole bh) {
    for (int i = 0; i < words.length; i++) {
      bh.consume(decoder.encodingOf(words[i]));
    }
  }

  /** Decoding plus building the typed operands, as the lifter does for every instruction. */
  @Benchmark
  @OperationsPerInvocation(WORDS)
  public void decodeWithOperands(Blackhole bh) {
    for (int i = 0; i < words.length; i++) {
      if (decoder.decode(pcs[i], words[i]) instanceof Insn.Op op) {
        bh.consume(op.operands());
      }
    }
  }
}
