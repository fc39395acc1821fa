package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Garbage in every syscall argument: the result is a value or -errno, or the guest ends through
 * GuestExit; no other JVM exception ever escapes the syscall entry point.
 */
class SyscallFuzzTest {
  private Path root;
  private GuestHarness g;

  @BeforeProperty
  void start() throws Exception {
    root = Files.createTempDirectory("recomp-fuzz");
    Files.writeString(root.resolve("f"), "data");
    Files.createDirectory(root.resolve("d"));
    g = GuestHarness.sandboxed(root);
  }

  @AfterProperty
  void stop() throws Exception {
    g.close();
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<Long> argument() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-200, 5000),
        Arbitraries.of(0L, -1L, -100L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 4096L),
        Arbitraries.longs().between(0, 0x100000).map(o -> g.scratch + o),
        Arbitraries.longs().between(-0x1000, 0x1000).map(o -> g.process.layout().brkStart() + o),
        Arbitraries.longs().between(-0x1000, 0x1000).map(o -> g.process.layout().stackTop() + o));
  }

  @Provide
  Arbitrary<Integer> number() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            17, 23, 24, 25, 29, 34, 35, 38, 48, 49, 56, 57, 59, 61, 62, 63, 64, 65, 66, 67, 68, 71,
            78, 79, 80, 96, 98, 99, 101, 113, 114, 115, 123, 124, 129, 130, 131, 134, 135, 160, 163,
            166, 167, 169, 172, 179, 214, 215, 216, 222, 226, 233, 261, 276, 278, 293, 439),
        Arbitraries.integers().between(-5, 500));
  }

  @Property(tries = 3000)
  void garbageArgumentsNeverLeakJvmExceptions(
      @ForAll("number") int nr,
      @ForAll("argument") long a0,
      @ForAll("argument") long a1,
      @ForAll("argument") long a2,
      @ForAll("argument") long a3,
      @ForAll("argument") long a4,
      @ForAll("argument") long a5) {
    try {
      long r = g.sys(nr, a0, a1, a2, a3, a4, a5);
      assertTrue(r >= -4095, "a result is a value or -errno, not " + r);
    } catch (GuestExit expected) {
      assertTrue(expected.termination().exitStatus() >= 0);
    }
  }
}
