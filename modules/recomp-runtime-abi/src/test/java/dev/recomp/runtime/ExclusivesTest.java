package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExclusivesTest {
  private final GuestMemory m = GuestMemory.reserve(1 << 20);
  private final CpuState cpu = new CpuState();
  private static final long A = 0x1000;

  ExclusivesTest() {
    m.map(A, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
  }

  @AfterEach
  void close() {
    m.close();
  }

  @Test
  void storeSucceedsOnceAfterALoadOfTheSameAddressAndSize() {
    m.store64(A, 5);
    for (int size : new int[] {1, 2, 4, 8}) {
      long v = Exclusives.load(m, cpu, A, size);
      assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A, size, v + 1), "size " + size);
      assertEquals(CpuState.NO_EXCLUSIVE, cpu.exclusiveAddress);
      assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, size, 99), "monitor is open");
    }
    assertEquals(9, m.load64(A));
  }

  @Test
  void interveningChangeSizeOrAddressMismatchFails() {
    Exclusives.load(m, cpu, A, 4);
    m.store32(A, 7);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, 4, 1));
    assertEquals(7, m.load32(A));
    Exclusives.load(m, cpu, A, 8);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, 4, 1));
    Exclusives.load(m, cpu, A, 8);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A + 8, 8, 1));
  }

  @Test
  void narrowStoresLeaveNeighbouringBytesAlone() {
    m.store32(A, 0x44332211L);
    long b = Exclusives.load(m, cpu, A + 2, 1);
    assertEquals(0x33, b);
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A + 2, 1, 0xaa));
    assertEquals(0x44aa2211L, m.load32(A));
    Exclusives.load(m, cpu, A + 2, 2);
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A + 2, 2, 0xbeef));
    assertEquals(0xbeef2211L, m.load32(A));
  }

  @Test
  void pairs() {
    m.store64(A, 0x2222222211111111L);
    long[] pair = new long[2];
    Exclusives.loadPair(m, cpu, A, 4, pair);
    assertArrayEquals(new long[] {0x11111111L, 0x22222222L}, pair);
    assertEquals(Exclusives.SUCCESS, Exclusives.storePair(m, cpu, A, 4, 1, 2));
    assertEquals(0x0000000200000001L, m.load64(A));
    m.store128(A + 16, 3, 4);
    Exclusives.loadPair(m, cpu, A + 16, 8, pair);
    assertArrayEquals(new long[] {3, 4}, pair);
    assertEquals(Exclusives.SUCCESS, Exclusives.storePair(m, cpu, A + 16, 8, 5, 6));
    assertEquals(6, m.load64(A + 24));
    Exclusives.loadPair(m, cpu, A + 16, 8, pair);
    m.store64(A + 24, 0);
    assertEquals(Exclusives.FAILURE, Exclusives.storePair(m, cpu, A + 16, 8, 7, 8));
  }

  @Test
  void misalignedOrReadOnlyFaults() {
    assertEquals(
        GuestFault.Cause.ALIGNMENT,
        assertThrows(GuestFault.class, () -> Exclusives.load(m, cpu, A + 4, 8)).reason());
    assertThrows(GuestFault.class, () -> Exclusives.loadPair(m, cpu, A + 8, 8, new long[2]));
    m.protect(A, 0x1000, GuestMemory.PROT_READ);
    Exclusives.load(m, cpu, A, 8);
    assertEquals(
        GuestFault.Cause.PROTECTION,
        assertThrows(GuestFault.class, () -> Exclusives.store(m, cpu, A, 8, 1)).reason());
  }
}
