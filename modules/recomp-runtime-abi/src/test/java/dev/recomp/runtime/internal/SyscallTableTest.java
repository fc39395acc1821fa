package dev.recomp.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SyscallTableTest {
  /** A row at or above LIMIT would never be looked up. */
  @Test
  void everyRowIsBelowTheLimit() {
    for (int n = SyscallTable.LIMIT; n < 4096; n++) {
      assertNull(SyscallTable.row(n), "syscall " + n + " is at or above SyscallTable.LIMIT");
    }
    assertEquals("faccessat2", SyscallTable.row(SyscallTable.LIMIT - 1).name());
  }

  @Test
  void aRowIsBoundOnceWithItsNumber() {
    SyscallTable.Entry write = SyscallTable.lookup(64);
    assertEquals(64, write.number());
    assertEquals("write", write.name());
    assertSame(write, SyscallTable.lookup(64));
    assertNull(SyscallTable.lookup(-1));
    assertNull(SyscallTable.lookup(1L << 40));
    assertNull(SyscallTable.lookup(0));
  }
}
