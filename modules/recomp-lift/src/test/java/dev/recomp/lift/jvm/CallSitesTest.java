package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/** The call sites generated code's memory accesses link to reach GuestMemory's accessors. */
class CallSitesTest {
  private static final MethodType LOAD =
      MethodType.methodType(long.class, GuestMemory.class, long.class);
  private static final MethodType STORE =
      MethodType.methodType(void.class, GuestMemory.class, long.class, long.class);

  private static MethodHandle link(String name, MethodType type)
      throws ReflectiveOperationException {
    return CallSites.guestMemory(MethodHandles.lookup(), name, type).dynamicInvoker();
  }

  @Test
  void accessesGoThroughTheCheckedAccessors() throws Throwable {
    try (GuestMemory memory = GuestMemory.reserve(1L << 16)) {
      memory.map(0x1000, 0x1000, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      link("store32", STORE).invokeExact(memory, 0x1ffcL, 0x1122_3344L);
      assertEquals(0x3344L, (long) link("load16", LOAD).invokeExact(memory, 0x1ffcL));
      assertEquals(0x1122_3344L, memory.load32(0x1ffc));
      MethodHandle load32 = link("load32", LOAD);
      GuestFault fault =
          assertThrows(GuestFault.class, () -> consume((long) load32.invokeExact(memory, 0x1ffeL)));
      assertEquals(0x2000L, fault.address());
    }
  }

  private static void consume(long value) {}

  @Test
  void aStaticMethodLinksByOwnerNameAndType() throws Throwable {
    MethodType packed =
        MethodType.methodType(
            long.class, int.class, long.class, long.class, long.class, long.class);
    MethodHandle handle =
        CallSites.staticMethod(MethodHandles.lookup(), "packedFlags", packed, JvmOps.class)
            .dynamicInvoker();
    long viaCallSite = (long) handle.invokeExact(JvmOps.FLAGS_ADD64, 5L, ~5L, 1L, 0L);
    assertEquals(JvmOps.packedFlags(JvmOps.FLAGS_ADD64, 5L, ~5L, 1L, 0L), viaCallSite);
  }

  @Test
  void anUnknownAccessorDoesNotLink() {
    assertThrows(NoSuchMethodException.class, () -> link("load7", LOAD));
  }
}
