package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reserving a large address space must not cost physical memory. */
class ResidentMemoryTest {
  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;

  /** VmRSS of this JVM from /proc/self/status, in bytes. */
  static long residentBytes() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmRSS:"))
            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no VmRSS line in /proc/self/status"))
        * 1024;
  }

  @Test
  void reservingFourGibAndTouchingAMegabyteStaysSmall() throws IOException {
    long before = residentBytes();
    try (GuestMemory memory = GuestMemory.reserve(4 * GIB)) {
      memory.map(0x400000, MIB, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      for (long a = 0x400000; a < 0x400000 + MIB; a += 8) {
        memory.store64(a, a);
      }
      memory.map(4 * GIB - 8 * MIB, 8 * MIB, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      memory.store64(4 * GIB - 16, 42);
      assertEquals(42, memory.load64(4 * GIB - 16));
      long grown = residentBytes() - before;
      assertTrue(grown < 64 * MIB, "resident memory grew by " + grown / MIB + " MiB");
    }
  }
}
