package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExclusivesTest {
  private final GuestMemory m = GuestMemory.reserve(1 << 20);
  private final CpuState cpu = new CpuState();
  private static final long A = 0x1000;
  private final long[] high = new long[1];

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
      long v = Exclusives.load(m, cpu, A, size, high);
      assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A, size, v + 1, 0), "size " + size);
      assertEquals(CpuState.NO_EXCLUSIVE, cpu.exclusiveAddress);
      assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, size, 99, 0), "monitor is open");
    }
    assertEquals(9, m.load64(A));
  }

  @Test
  void interveningChangeSizeOrAddressMismatchFails() {
    Exclusives.load(m, cpu, A, 4, high);
    m.store32(A, 7);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, 4, 1, 0));
    assertEquals(7, m.load32(A));
    Exclusives.load(m, cpu, A, 8, high);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A, 4, 1, 0));
    Exclusives.load(m, cpu, A, 8, high);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A + 8, 8, 1, 0));
  }

  @Test
  void narrowStoresLeaveNeighbouringBytesAlone() {
    m.store32(A, 0x44332211L);
    long b = Exclusives.load(m, cpu, A + 2, 1, high);
    assertEquals(0x33, b);
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A + 2, 1, 0xaa, 0));
    assertEquals(0x44aa2211L, m.load32(A));
    Exclusives.load(m, cpu, A + 2, 2, high);
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A + 2, 2, 0xbeef, 0));
    assertEquals(0xbeef2211L, m.load32(A));
  }

  @Test
  void pairs() {
    m.store64(A, 0x2222222211111111L);
    assertEquals(0x2222222211111111L, Exclusives.load(m, cpu, A, 8, high));
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A, 8, 0x0000000200000001L, 0));
    assertEquals(0x0000000200000001L, m.load64(A));
    m.store128(A + 16, 3, 4);
    assertEquals(3, Exclusives.load(m, cpu, A + 16, 16, high));
    assertEquals(4, high[0]);
    assertEquals(Exclusives.SUCCESS, Exclusives.store(m, cpu, A + 16, 16, 5, 6));
    assertEquals(6, m.load64(A + 24));
    Exclusives.load(m, cpu, A + 16, 16, high);
    m.store64(A + 24, 0);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A + 16, 16, 7, 8));
  }

  @Test
  void anUnarmedStoreFailsWithoutCheckingAlignmentOrPermission() {
    m.protect(A, 0x1000, GuestMemory.PROT_READ);
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, A + 3, 8, 1, 0));
    assertEquals(Exclusives.FAILURE, Exclusives.store(m, cpu, 0xdead_0000L, 4, 1, 0));
  }

  @Test
  void misalignedOrReadOnlyFaults() {
    assertEquals(
        GuestFault.Cause.ALIGNMENT,
        assertThrows(GuestFault.class, () -> Exclusives.load(m, cpu, A + 4, 8, high)).reason());
    assertThrows(GuestFault.class, () -> Exclusives.load(m, cpu, A + 8, 16, high));
    m.protect(A, 0x1000, GuestMemory.PROT_READ);
    Exclusives.load(m, cpu, A, 8, high);
    assertEquals(
        GuestFault.Cause.PROTECTION,
        assertThrows(GuestFault.class, () -> Exclusives.store(m, cpu, A, 8, 1, 0)).reason());
  }
}
