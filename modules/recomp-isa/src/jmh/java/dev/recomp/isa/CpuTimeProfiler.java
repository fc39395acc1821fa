package dev.recomp.isa;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Rescales each iteration's throughput from wall time to the CPU time the benchmark process used
 * ({@code -prof dev.recomp.isa.CpuTimeProfiler}). On a machine shared with other work a thread
 * waits for a core part of the wall time; operations per CPU microsecond leave that wait out, so
 * runs on a busy and on an idle machine can be compared. The process's CPU time includes the serial
 * collector and any late compilation, which the score should pay for anyway.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuStart;
  private long wallStart;

  @Override
  public String getDescription() {
    return "throughput per CPU second of the benchmark process";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuStart = os.getProcessCpuTime();
    wallStart = System.nanoTime();
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    if (result.getRawPrimaryResults().isEmpty()) {
      // The benchmark threw: no score to rescale, and JMH reports the benchmark's own exception.
      return List.of();
    }
    long cpu = os.getProcessCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    double perCpu = result.getPrimaryResult().getScore() * wall / cpu;
    return List.of(
        new ScalarResult(
            "cpu",
            perCpu,
            result.getPrimaryResult().getScoreUnit() + " of CPU",
            AggregationPolicy.AVG));
  }
}
