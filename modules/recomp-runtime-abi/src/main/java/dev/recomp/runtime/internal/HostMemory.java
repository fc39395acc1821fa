package dev.recomp.runtime.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Host virtual memory through libc: a large private anonymous reservation that costs no physical
 * pages until touched, and a way to hand touched pages back.
 */
@SuppressWarnings("restricted") // the point of this class is calling libc
public final class HostMemory {
  private static final int PROT_READ = 1;
  private static final int PROT_WRITE = 2;
  private static final int MAP_PRIVATE = 0x02;
  private static final int MAP_ANONYMOUS = 0x20;
  private static final int MAP_NORESERVE = 0x4000;
  private static final int MADV_DONTNEED = 4;
  private static final long MAP_FAILED = -1L;

  private static final MethodHandle MMAP;
  private static final MethodHandle MUNMAP;
  private static final MethodHandle MADVISE;
  private static final MethodHandle MINCORE;

  static {
    Linker linker = Linker.nativeLinker();
    var libc = linker.defaultLookup();
    MMAP =
        linker.downcallHandle(
            libc.find("mmap").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG));
    MUNMAP =
        linker.downcallHandle(
            libc.find("munmap").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    MADVISE =
        linker.downcallHandle(
            libc.find("madvise").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
    MINCORE =
        linker.downcallHandle(
            libc.find("mincore").orElseThrow(),
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS));
  }

  private HostMemory() {}

  /**
   * Which pages of a page-aligned range are resident (have ever been touched), one byte per 4 KiB
   * page with bit 0 set for resident ones. A page never touched reads as zero, so copying an
   * address space only needs the resident ones. When the host cannot tell, every page counts as
   * resident.
   */
  public static byte[] residentPages(MemorySegment range) {
    int count = (int) ((range.byteSize() + 4095) >>> 12);
    try (Arena scratch = Arena.ofConfined()) {
      MemorySegment vector = scratch.allocate(count);
      int rc = (int) MINCORE.invokeExact(range, range.byteSize(), vector);
      if (rc == 0) {
        return vector.toArray(ValueLayout.JAVA_BYTE);
      }
    } catch (Throwable t) {
      // Fall through: copy everything.
    }
    byte[] all = new byte[count];
    java.util.Arrays.fill(all, (byte) 1);
    return all;
  }

  /**
   * Reserves {@code size} bytes of zero-filled, readable and writable host memory. MAP_NORESERVE
   * keeps the kernel from committing swap for it; pages become resident only when touched. The
   * mapping is released when {@code arena} closes.
   *
   * @throws IllegalStateException when the host refuses the reservation
   */
  public static MemorySegment reserve(long size, Arena arena) {
    MemorySegment base;
    try {
      base =
          (MemorySegment)
              MMAP.invokeExact(
                  MemorySegment.NULL,
                  size,
                  PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                  -1,
                  0L);
    } catch (Throwable t) {
      throw new IllegalStateException("mmap of " + size + " bytes failed: " + t, t);
    }
    if (base.address() == MAP_FAILED) {
      throw new IllegalStateException("host refused to reserve " + size + " bytes of memory");
    }
    long address = base.address();
    return base.reinterpret(size, arena, s -> unmap(address, size));
  }

  /**
   * Gives the physical pages of a page-aligned range back to the host; reading them afterwards
   * yields zeros, as for a fresh anonymous mapping.
   */
  public static void discard(MemorySegment range) {
    try {
      int rc = (int) MADVISE.invokeExact(range, range.byteSize(), MADV_DONTNEED);
      if (rc != 0) {
        range.fill((byte) 0);
      }
    } catch (Throwable t) {
      range.fill((byte) 0);
    }
  }

  private static void unmap(long address, long size) {
    try {
      int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), size);
    } catch (Throwable t) {
      throw new IllegalStateException("munmap failed: " + t, t);
    }
  }
}
