package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuestMemoryTest {
  private static final long MIB = 1 << 20;
  private final GuestMemory memory = GuestMemory.reserve(64 * MIB);

  @AfterEach
  void close() {
    memory.close();
  }

  @Test
  void aTaggedAddressReachesTheUntaggedByteAndFaultsThere() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    long tagged = 0x5a00_0000_0001_0010L;
    memory.store32(tagged, 0x1234_5678L);
    assertEquals(0x1234_5678L, memory.load32(0x10010));
    assertEquals(0x78L, memory.load8(tagged));
    assertEquals(0x1234_5678L, memory.load64(tagged) & 0xffff_ffffL);
    GuestFault fault = assertThrows(GuestFault.class, () -> memory.load16(0x8000_0000_0000_0001L));
    assertEquals(1L, fault.address());
    // Bit 55 set: an upper-half address, which the tag rule leaves alone.
    long upper = 0x0080_0000_0001_0010L;
    assertEquals(upper, GuestMemory.untag(upper));
    assertEquals(upper, assertThrows(GuestFault.class, () -> memory.load8(upper)).address());
  }

  @Test
  void aClosedAddressSpaceFaultsAndItsReservationComesBackEmpty() {
    // A size no other test uses, so the reservation handed back is this one.
    long size = 3 * MIB + 7 * GuestMemory.PAGE_SIZE;
    GuestMemory first = GuestMemory.reserve(size);
    first.map(0x1000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    first.store64(0x1008, -1L);
    long host = first.segment().address();
    first.close();
    // A thread still running the ended process faults instead of touching the host memory.
    GuestFault fault = assertThrows(GuestFault.class, () -> first.load64(0x1008));
    assertEquals(GuestFault.Cause.UNMAPPED, fault.reason());
    assertThrows(GuestFault.class, () -> first.store8(0x1008, 1));

    try (GuestMemory second = GuestMemory.reserve(size)) {
      assertEquals(host, second.segment().address());
      second.map(0x1000, 0x1000, GuestMemory.PROT_READ);
      assertEquals(0L, second.load64(0x1008));
    }
  }

  @Test
  void aRetiredAddressSpaceFaultsAndItsReservationIsNeverHandedOut() {
    long size = 5 * MIB + 3 * GuestMemory.PAGE_SIZE;
    GuestMemory retired = GuestMemory.reserve(size);
    retired.map(0x1000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    long host = retired.segment().address();
    retired.retire();
    assertThrows(GuestFault.class, () -> retired.store8(0x1008, 1));
    try (GuestMemory next = GuestMemory.reserve(size)) {
      assertTrue(next.segment().address() != host, "a retired reservation was reused");
    }
  }

  @Test
  void accessorsAreLittleEndianAndZeroExtend() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.store64(0x10000, 0x8877665544332211L);
    assertEquals(0x11, memory.load8(0x10000));
    assertEquals(0x2211, memory.load16(0x10000));
    assertEquals(0x44332211L, memory.load32(0x10000));
    assertEquals(0x8877665544332211L, memory.load64(0x10000));
    assertEquals(0x88, memory.load8(0x10007));
    assertEquals(0x88776655L, memory.load32(0x10004));
    memory.store16(0x10001, 0xfffe);
    assertEquals(0x8877665544fffe11L, memory.load64(0x10000));
    memory.store128(0x10010, 1, 2);
    long[] v = new long[4];
    memory.load128(0x10010, v, 2);
    assertArrayEquals(new long[] {0, 0, 1, 2}, v);
    long host = memory.readable128(0x10010);
    assertEquals(1, GuestMemory.hostLoad64(host));
    assertEquals(2, GuestMemory.hostLoad64(host + 8));
  }

  @Test
  void readable128FaultsWhereLoad128Does() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ);
    memory.map(0x12000, 0x1000, 0);
    for (long address : new long[] {0x10ff8, 0x10ff9, 0x11000, 0x11ff8, 0x12000, -16}) {
      GuestFault viaLoad =
          assertThrows(GuestFault.class, () -> memory.load128(address, new long[2], 0));
      GuestFault viaHost = assertThrows(GuestFault.class, () -> memory.readable128(address));
      assertEquals(viaLoad.getMessage(), viaHost.getMessage());
    }
    assertEquals(memory.load64(0x10ff0), GuestMemory.hostLoad64(memory.readable128(0x10ff0)));
  }

  @Test
  void aRangeIsItsHostBytesOnlyWhenEveryByteAllowsTheAccess() {
    memory.map(0x10000, 0x2000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.map(0x12000, 0x1000, GuestMemory.PROT_READ);
    int readWrite = GuestMemory.PROT_READ | GuestMemory.PROT_WRITE;
    long host = memory.segment().address();
    assertEquals(host + 0x10ff0, memory.range(0x10ff0, 0x20, readWrite));
    assertEquals(host + 0x11ff0, memory.range(0x11ff0, 0x20, GuestMemory.PROT_READ));
    assertEquals(GuestMemory.NO_RANGE, memory.range(0x11ff0, 0x20, GuestMemory.PROT_WRITE));
    assertEquals(GuestMemory.NO_RANGE, memory.range(0x12ff0, 0x20, GuestMemory.PROT_READ));
    assertEquals(GuestMemory.NO_RANGE, memory.range(-0x10, 0x20, GuestMemory.PROT_READ));
    assertEquals(host + 0x10010, memory.range(0x5a00_0000_0001_0010L, 8, GuestMemory.PROT_READ));

    long range = memory.range(0x10ff0, 0x20, readWrite);
    memory.store32(range, 0x10ff0, 0x0e, 0x1234_5678L);
    assertEquals(0x1234_5678L, memory.load32(0x10ffe));
    assertEquals(0x1234_5678L, memory.load32(GuestMemory.NO_RANGE, 0x10ff0, 0x0e));
    // Without a range each access is checked on its own, and faults at its first bad byte.
    GuestFault fault =
        assertThrows(
            GuestFault.class, () -> memory.store16(GuestMemory.NO_RANGE, 0x12ff0, 0x0f, 1));
    assertEquals(0x12fff, fault.address());
    fault =
        assertThrows(GuestFault.class, () -> memory.load32(GuestMemory.NO_RANGE, 0x12ff0, 0x0e));
    assertEquals(0x13000, fault.address());
  }

  @Test
  void unalignedAccessAcrossPagesWorksWhenBothPagesAllowIt() {
    memory.map(0x10000, 0x2000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.store64(0x10ffd, 0x0102030405060708L);
    assertEquals(0x0102030405060708L, memory.load64(0x10ffd));
    assertEquals(0x0506, memory.load16(0x10fff));
  }

  @Test
  void crossingIntoAnUnmappedPageFaultsPrecisely() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    GuestFault f = assertThrows(GuestFault.class, () -> memory.load64(0x10ffc));
    assertEquals(AccessKind.READ, f.kind());
    assertEquals(GuestFault.Cause.UNMAPPED, f.reason());
    assertEquals(0x11000, f.address());
    assertEquals(GuestFault.UNKNOWN_PC, f.pc());
    assertEquals(0x400123, f.at(0x400123).pc());
  }

  @Test
  void nullDereferenceFaults() {
    GuestFault f = assertThrows(GuestFault.class, () -> memory.load32(0));
    assertEquals(GuestFault.Cause.UNMAPPED, f.reason());
    assertEquals(Signals.SIGSEGV, f.signal());
  }

  @Test
  void storeToReadOnlyPageFaultsAndLeavesMemoryUnchanged() {
    memory.map(0x20000, 0x1000, GuestMemory.PROT_READ);
    GuestFault f = assertThrows(GuestFault.class, () -> memory.store32(0x20010, 7));
    assertEquals(AccessKind.WRITE, f.kind());
    assertEquals(GuestFault.Cause.PROTECTION, f.reason());
    assertEquals(0, memory.load32(0x20010));
    assertThrows(GuestFault.class, () -> memory.store8(0x20010, 7));
  }

  @Test
  void writeImpliesReadButNotExecute() {
    memory.map(0x20000, 0x1000, GuestMemory.PROT_WRITE);
    assertEquals(0, memory.load64(0x20000));
    GuestFault f = assertThrows(GuestFault.class, () -> memory.checkExecute(0x20000));
    assertEquals(AccessKind.EXECUTE, f.kind());
    memory.protect(0x20000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_EXEC);
    memory.checkExecute(0x20000);
    assertEquals(
        GuestFault.Cause.ALIGNMENT,
        assertThrows(GuestFault.class, () -> memory.checkExecute(0x20002)).reason());
  }

  @Test
  void addressesOutsideTheSpaceFaultInsteadOfThrowingJvmExceptions() {
    for (long bad : new long[] {memory.size(), memory.size() - 4, -1L, Long.MIN_VALUE, -8L}) {
      assertThrows(GuestFault.class, () -> memory.load64(bad));
      assertThrows(GuestFault.class, () -> memory.store64(bad, 0));
      assertThrows(GuestFault.class, () -> memory.load8(bad));
      assertThrows(GuestFault.class, () -> memory.view(bad, 100, AccessKind.READ));
    }
  }

  @Test
  void unmapZeroesAndRemapReadsZero() {
    memory.map(0x30000, 0x3000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.store64(0x31000, -1);
    memory.unmap(0x30000, 0x3000);
    assertThrows(GuestFault.class, () -> memory.load64(0x31000));
    assertEquals(-1, memory.protectionAt(0x31000));
    memory.map(0x30000, 0x3000, GuestMemory.PROT_READ);
    assertEquals(0, memory.load64(0x31000));
  }

  @Test
  void atomicsRequireAlignment() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.store64(0x10008, 5);
    assertEquals(5, memory.compareAndExchange64(0x10008, 5, 9));
    assertEquals(9, memory.load64(0x10008));
    assertEquals(9, memory.compareAndExchange64(0x10008, 5, 1));
    assertEquals(9, memory.load64(0x10008));
    assertEquals(9, memory.compareAndExchange32(0x10008, 9, 0xffffffffL));
    assertEquals(0xffffffffL, memory.load32(0x10008));
    assertEquals(
        GuestFault.Cause.ALIGNMENT,
        assertThrows(GuestFault.class, () -> memory.compareAndExchange64(0x10004, 0, 1)).reason());
  }

  @Test
  void cStringsStopAtNulAndRespectLimitAndPermissions() {
    memory.map(0x10000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.write(0x10ffa, "hello\0".getBytes(StandardCharsets.US_ASCII));
    assertEquals("hello", new String(memory.readCString(0x10ffa, 100), StandardCharsets.US_ASCII));
    assertNull(memory.readCString(0x10ffa, 3));
    memory.write(0x10ffc, "abcd".getBytes(StandardCharsets.US_ASCII));
    assertThrows(GuestFault.class, () -> memory.readCString(0x10ffc, 100));
  }

  @Test
  void findFreePlacesTopDown() {
    memory.map(0x100000, 0x2000, GuestMemory.PROT_READ);
    assertEquals(0x3ff000, memory.findFree(0x1000, 0x100000, 0x400000));
    assertEquals(0x102000, memory.findFree(0x2fe000, 0x100000, 0x400000));
    assertEquals(-1, memory.findFree(0x2ff000, 0x100000, 0x400000));
    assertTrue(memory.isFree(0x102000, 0x1000));
    assertFalse(memory.isFree(0x101000, 0x2000));
  }

  @Test
  void badReservationSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> GuestMemory.reserve(0));
    assertThrows(IllegalArgumentException.class, () -> GuestMemory.reserve(4097));
  }

  @Property(tries = 300)
  void storeThenLoadRoundTripsAtAnyOffset(
      @ForAll @IntRange(min = 0, max = 0x2ff0) int offset, @ForAll long value) {
    try (GuestMemory m = GuestMemory.reserve(MIB)) {
      m.map(0x1000, 0x3000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      long a = 0x1000 + offset;
      m.store64(a, value);
      assertEquals(value, m.load64(a));
      assertEquals(value & 0xffffffffL, m.load32(a));
      assertEquals(value >>> 32, m.load32(a + 4));
      assertEquals(value & 0xffff, m.load16(a));
      assertEquals(value >>> 56, m.load8(a + 7));
    }
  }

  @Property(tries = 300)
  void arbitraryAddressesNeverThrowAnythingButGuestFault(@ForAll long address, @ForAll long value) {
    try (GuestMemory m = GuestMemory.reserve(MIB)) {
      m.map(0x1000, 0x1000, GuestMemory.PROT_READ);
      for (Runnable access :
          new Runnable[] {
            () -> m.load8(address),
            () -> m.load16(address),
            () -> m.load32(address),
            () -> m.load64(address),
            () -> m.load128(address, new long[2], 0),
            () -> m.readable128(address),
            () -> m.store8(address, value),
            () -> m.store16(address, value),
            () -> m.store32(address, value),
            () -> m.store64(address, value),
            () -> m.store128(address, value, value),
            () -> m.readCString(address, 64),
            () -> m.checkExecute(address)
          }) {
        try {
          access.run();
        } catch (GuestFault expected) {
          assertTrue(expected.getMessage().startsWith("guest fault: "));
        }
      }
    }
  }

  @Test
  void anAddressSpaceOfNoPowerOfTwoSizeEndsAtItsSize() {
    long page = GuestMemory.PAGE_SIZE;
    try (GuestMemory odd = GuestMemory.reserve(3 * page)) {
      odd.map(0, 3 * page, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      odd.store64(3 * page - 8, 0x1122_3344_5566_7788L);
      assertEquals(0x1122_3344_5566_7788L, odd.load64(3 * page - 8));
      assertEquals(3 * page, assertThrows(GuestFault.class, () -> odd.load8(3 * page)).address());
      assertEquals(
          3 * page, assertThrows(GuestFault.class, () -> odd.store64(3 * page - 4, 1)).address());
      assertEquals(
          4 * page - 1,
          assertThrows(GuestFault.class, () -> odd.load8(4 * page - 1)).address(),
          "the page between the size and the next power of two is outside the space");
    }
    assertThrows(
        IllegalArgumentException.class, () -> GuestMemory.reserve(GuestMemory.MAX_SIZE * 2));
  }
}
