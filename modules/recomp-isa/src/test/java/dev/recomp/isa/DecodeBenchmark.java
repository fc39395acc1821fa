package dev.recomp.isa;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decode throughput on one core: decodes every word of a golden listing repeatedly and reports
 * million instructions per second (median of the measured rounds), per thread CPU time so that a
 * busy machine does not distort it, and per wall time. Run after test-compile:
 *
 * <pre>
 * java -cp modules/recomp-isa/target/classes:modules/recomp-isa/target/test-classes \
 *     dev.recomp.isa.DecodeBenchmark fixtures/objdump/hello-glibc-O2.tsv.gz
 * </pre>
 */
public final class DecodeBenchmark {
  private DecodeBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path listing = Path.of(args.length > 0 ? args[0] : "fixtures/objdump/hello-glibc-O2.tsv.gz");
    List<ObjdumpComparison.Line> lines = ObjdumpComparison.readGolden(listing).lines();
    int[] words = lines.stream().mapToInt(ObjdumpComparison.Line::word).toArray();
    long[] pcs = lines.stream().mapToLong(ObjdumpComparison.Line::address).toArray();
    Decoder decoder = Decoder.standard();
    measure(
        "decode (Insn with operands)",
        listing,
        pcs,
        words,
        (pc, w) -> decoder.decode(pc, w).word());
    measure(
        "encodingOf (lookup only)",
        listing,
        pcs,
        words,
        (pc, w) -> {
          Encoding e = decoder.encodingOf(w);
          return e == null ? 0 : e.line();
        });
  }

  private interface Work {
    long run(long pc, int word);
  }

  private static void measure(String what, Path listing, long[] pcs, int[] words, Work work) {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int rounds = 25;
    double[] cpuMips = new double[rounds];
    double[] wallMips = new double[rounds];
    long sink = 0;
    for (int round = -10; round < rounds; round++) {
      long wall = System.nanoTime();
      long cpu = threads.getCurrentThreadCpuTime();
      for (int rep = 0; rep < 10; rep++) {
        for (int i = 0; i < words.length; i++) {
          sink += work.run(pcs[i], words[i]);
        }
      }
      long cpuNanos = threads.getCurrentThreadCpuTime() - cpu;
      long wallNanos = System.nanoTime() - wall;
      if (round >= 0) {
        cpuMips[round] = 10.0 * words.length / cpuNanos * 1e3;
        wallMips[round] = 10.0 * words.length / wallNanos * 1e3;
      }
    }
    java.util.Arrays.sort(cpuMips);
    java.util.Arrays.sort(wallMips);
    System.out.printf(
        "%s, %s: %d words; median %.1f M insn/s per CPU second (min %.1f, max %.1f),"
            + " %.1f M insn/s per wall second [%d]%n",
        what,
        listing.getFileName(),
        words.length,
        cpuMips[rounds / 2],
        cpuMips[0],
        cpuMips[rounds - 1],
        wallMips[rounds / 2],
        sink & 1);
  }
}
