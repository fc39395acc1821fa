package dev.recomp.runtime.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

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
  private static final int KEPT_PER_SIZE = 16;

  /** Emptied reservations kept for reuse, by size (see {@link #reserve}). */
  private static final Map<Long, Deque<Long>> RELEASED = new HashMap<>();

  // Each libc function is bound on first use, in a holder class of its own: binding the first one
  // costs ~50 ms (the linker's own start-up) and each further signature a few more, and a short
  // program needs mmap and madvise only.

  private static final class Mmap {
    static final MethodHandle HANDLE =
        bind(
            "mmap",
            FunctionDescriptor.of(
                ValueLayout.ADDRESS,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG));
  }

  private static final class Munmap {
    static final MethodHandle HANDLE =
        bind(
            "munmap",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  }

  private static final class Madvise {
    static final MethodHandle HANDLE =
        bind(
            "madvise",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT));
  }

  private static final class Mincore {
    static final MethodHandle HANDLE =
        bind(
            "mincore",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_LONG,
                ValueLayout.ADDRESS));
  }

  private static MethodHandle bind(String function, FunctionDescriptor signature) {
    Linker linker = Linker.nativeLinker();
    return linker.downcallHandle(linker.defaultLookup().find(function).orElseThrow(), signature);
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
      int rc = (int) Mincore.HANDLE.invokeExact(range, range.byteSize(), vector);
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
   * keeps the kernel from committing swap for it; pages become resident only when touched.
   *
   * <p>When {@code arena} closes, the reservation's pages go back to the host, but the reservation
   * is never unmapped: guest memory is accessed by host address (see GuestMemory), and a thread of
   * an ended guest process that still runs must find mapped memory there, not crash the JVM. If
   * {@code reusable} then holds (no such thread can exist), the emptied reservation is kept for the
   * next one of the same size (at most {@value #KEPT_PER_SIZE} per size; more are unmapped);
   * otherwise it stays reserved, unused, for the JVM's lifetime.
   *
   * @throws IllegalStateException when the host refuses the reservation
   */
  public static MemorySegment reserve(long size, Arena arena, BooleanSupplier reusable) {
    Long kept;
    synchronized (RELEASED) {
      Deque<Long> same = RELEASED.get(size);
      kept = same == null ? null : same.poll();
    }
    long address = kept != null ? kept : map(size);
    return MemorySegment.ofAddress(address)
        .reinterpret(size, arena, s -> release(address, size, reusable.getAsBoolean()));
  }

  private static long map(long size) {
    MemorySegment base;
    try {
      base =
          (MemorySegment)
              Mmap.HANDLE.invokeExact(
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
    return base.address();
  }

  private static void release(long address, long size, boolean reusable) {
    MemorySegment range = MemorySegment.ofAddress(address).reinterpret(size);
    boolean emptied;
    try {
      emptied = (int) Madvise.HANDLE.invokeExact(range, size, MADV_DONTNEED) == 0;
    } catch (Throwable t) {
      emptied = false;
    }
    if (!reusable) {
      return;
    }
    synchronized (RELEASED) {
      Deque<Long> same = RELEASED.computeIfAbsent(size, s -> new ArrayDeque<>());
      if (emptied && same.size() < KEPT_PER_SIZE) {
        same.push(address);
        return;
      }
    }
    unmap(address, size);
  }

  /**
   * Gives the physical pages of a page-aligned range back to the host; reading them afterwards
   * yields zeros, as for a fresh anonymous mapping.
   */
  public static void discard(MemorySegment range) {
    try {
      int rc = (int) Madvise.HANDLE.invokeExact(range, range.byteSize(), MADV_DONTNEED);
      if (rc != 0) {
        range.fill((byte) 0);
      }
    } catch (Throwable t) {
      range.fill((byte) 0);
    }
  }

  private static void unmap(long address, long size) {
    try {
      int ignored = (int) Munmap.HANDLE.invokeExact(MemorySegment.ofAddress(address), size);
    } catch (Throwable t) {
      throw new IllegalStateException("munmap failed: " + t, t);
    }
  }
}
