package dev.recomp.runtime;

import dev.recomp.runtime.internal.HostMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import jdk.internal.misc.Unsafe;

/**
 * The guest's flat address space: guest address {@code a} is byte {@code a} of one host reservation
 * of {@link #size()} bytes, with a permission byte per 4 KiB guest page.
 *
 * <p>The reservation is private anonymous memory mapped {@code MAP_NORESERVE}: reserving many GiB
 * costs no physical memory until the guest touches a page, and a page the guest unmaps is handed
 * back to the host ({@code madvise(MADV_DONTNEED)}). The host mapping is always readable and
 * writable, because the JVM cannot turn a host SIGSEGV into a Java exception; guest permissions are
 * enforced here instead.
 *
 * <p>Hot path. Every access that stays inside one page is two compares and one table load in front
 * of a single host load or store: one mask and compare for the unsigned bound and the in-page
 * offset together, and the page's permission byte. Each accessor is one method with the check
 * written out, so that an access inlines into as few bytecodes as possible (see {@link #UNSAFE}).
 * Only accesses that straddle a page boundary, use a tagged address (see {@link #untag}) or fail
 * take the slow path, which checks both pages and either completes the access or throws a {@link
 * GuestFault}. The permission byte is checked for loads too, so a load from an unmapped page (a
 * NULL dereference) faults precisely as on hardware; the benchmark in the tests measures what that
 * costs. A group of accesses at constant offsets from one base is checked once ({@link #range}).
 *
 * <p>Loads return the value zero-extended to a {@code long}; stores take the low bits of a {@code
 * long}. Everything is little-endian and unaligned accesses are allowed, as for AArch64 user-mode
 * normal memory; only the atomic operations require natural alignment.
 */
public final class GuestMemory implements AutoCloseable {
  /** log2 of the guest page size. */
  public static final int PAGE_SHIFT = 12;

  /** The guest page size, 4 KiB as Linux/aarch64 reports in AT_PAGESZ. */
  public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

  /** The largest address space: 4 TiB, whose permission table takes 1 GiB. */
  public static final long MAX_SIZE = 1L << 42;

  /** No access. */
  public static final int PROT_NONE = 0;

  /** Readable (Linux PROT_READ). */
  public static final int PROT_READ = 1;

  /** Writable (Linux PROT_WRITE); on aarch64 this implies readable. */
  public static final int PROT_WRITE = 2;

  /** Executable (Linux PROT_EXEC). */
  public static final int PROT_EXEC = 4;

  private static final int MAPPED = 8;
  private static final long OFFSET_MASK = PAGE_SIZE - 1;

  private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
  private static final VarHandle ATOMIC32 =
      ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
  private static final VarHandle ATOMIC64 =
      ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

  /**
   * Host memory access for the hot path, or null when this JVM does not export {@code
   * jdk.internal.misc} to us (then {@link #reserve} refuses with {@link #NEEDS_EXPORT}).
   *
   * <p>Why not a {@link MemorySegment}: a segment access inlines about 700 bytecodes of the JDK's
   * (its {@code VarHandle}, bound, liveness and alignment checks), and C2 stops inlining once a
   * compilation holds 8,000 ({@code DesiredMethodLimit}), so a large generated method kept most of
   * its guest accesses as calls. Unsafe's unaligned accessors are intrinsics of a few bytes, and
   * the checks a segment makes are made here anyway: the permission byte keeps an access inside a
   * live reservation ({@link #close} revokes every page first). They read and write in the host's
   * byte order, which {@link #reserve} requires to be little-endian, the guest's.
   */
  private static final Unsafe UNSAFE =
      Object.class.getModule().isExported("jdk.internal.misc", GuestMemory.class.getModule())
          ? Unsafe.getUnsafe()
          : null;

  /** Why {@link #reserve} refuses on a JVM that does not export what the hot path needs. */
  static final String NEEDS_EXPORT =
      "recompiled code needs the JVM option --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
          + " (recompiled jars carry it in their manifest; add it when embedding the runtime)";

  private final Arena arena;
  private final long hostBase;

  /** Whether the reservation may serve another address space once closed (see {@link #retire}). */
  private volatile boolean reusable = true;

  private final MemorySegment memory;
  private final long size;

  /**
   * The bits of an address that must be clear for it to lie in the address space, rounded up to a
   * power of two (the span), together with the in-page offset: {@code address & spanMask}, compared
   * unsigned with {@code PAGE_SIZE - width}, tests both the bound and that an access stays in its
   * page. Pages between the size and the span are never mapped.
   */
  private final long spanMask;

  /**
   * Host address of the permission table: a byte per page of the span, in the same reservation
   * right after the span. The hot path reads it without a bound check (the mask has bounded the
   * page already) and without holding an array and its length in registers; living in the
   * reservation, it stays readable, and revoked, for as long as a thread could still look.
   */
  private final long permissions;

  /** Pages in the span, entries in the permission table. */
  private final long pageCount;

  private GuestMemory(long size) {
    long span = Long.highestOneBit(size - 1) << 1;
    this.arena = Arena.ofShared();
    this.pageCount = span >>> PAGE_SHIFT;
    MemorySegment reservation =
        HostMemory.reserve(span + pageAlignUp(pageCount), arena, () -> reusable);
    this.memory = reservation.asSlice(0, size);
    this.size = size;
    this.hostBase = reservation.address();
    this.spanMask = -span | OFFSET_MASK;
    this.permissions = hostBase + span;
  }

  private int permission(long page) {
    return UNSAFE.getByte(permissions + page);
  }

  /**
   * Reserves an address space of {@code size} bytes (a multiple of the page size, at least one
   * page, at most {@link #MAX_SIZE}), with nothing mapped.
   *
   * @throws IllegalArgumentException for a size that is not a positive multiple of the page size or
   *     is over {@link #MAX_SIZE}
   * @throws IllegalStateException when the host refuses the reservation, is big-endian, or the JVM
   *     does not export {@code jdk.internal.misc} to the runtime
   */
  public static GuestMemory reserve(long size) {
    if (UNSAFE == null) {
      throw new IllegalStateException(NEEDS_EXPORT);
    }
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalStateException("recompiled code needs a little-endian host");
    }
    if (size <= 0 || (size & OFFSET_MASK) != 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "guest address space size must be a positive multiple of 4096 of at most 4 TiB: " + size);
    }
    return new GuestMemory(size);
  }

  /** The size of the address space; valid guest addresses are {@code [0, size)}. */
  public long size() {
    return size;
  }

  /**
   * The whole host reservation, for privileged writers that must ignore guest permissions (the
   * loader filling a read-only segment). Guest accesses must go through the checked accessors.
   */
  public MemorySegment segment() {
    return memory;
  }

  // ---- hot path ----------------------------------------------------------------------------

  /** Loads one byte, zero-extended. */
  public long load8(long address) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 1) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checked(address, 1, AccessKind.READ);
    }
    return Byte.toUnsignedLong(UNSAFE.getByte(null, hostBase + address));
  }

  /** Loads 16 bits, little-endian, zero-extended. */
  public long load16(long address) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 2) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checked(address, 2, AccessKind.READ);
    }
    return Short.toUnsignedLong(UNSAFE.getShortUnaligned(null, hostBase + address));
  }

  /** Loads 32 bits, little-endian, zero-extended. */
  public long load32(long address) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 4) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checked(address, 4, AccessKind.READ);
    }
    return Integer.toUnsignedLong(UNSAFE.getIntUnaligned(null, hostBase + address));
  }

  /** Loads 64 bits, little-endian. */
  public long load64(long address) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 8) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checked(address, 8, AccessKind.READ);
    }
    return UNSAFE.getLongUnaligned(null, hostBase + address);
  }

  /**
   * Loads 128 bits into {@code dst[index]} (low 64 bits) and {@code dst[index + 1]} (high 64 bits),
   * the layout of {@link CpuState#v}. Both halves are checked before either is written.
   */
  public void load128(long address, long[] dst, int index) {
    long host = readable128(address);
    long lo = hostLoad64(host);
    dst[index + 1] = hostLoad64(host + 8);
    dst[index] = lo;
  }

  /**
   * The host address of the 16 bytes at {@code address}, checked readable: generated code reads
   * both halves from it with {@link #hostLoad64}, where a call of {@link #load128} would pass the
   * high half back through an array.
   */
  public long readable128(long address) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 16) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checked(address, 16, AccessKind.READ);
    }
    return hostBase + address;
  }

  /**
   * The host address of the {@code length} bytes at {@code address} (at most {@link #PAGE_SIZE}),
   * checked readable for loads of {@code width} bytes each that one instruction makes in ascending
   * order (LDP of Q registers, LD1 of several registers), which read them with {@link #hostLoad64}.
   * Throws what the first load to fault would: at the range's first unreadable byte, with the
   * loads' width.
   */
  public long readable(long address, int length, int width) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - length) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_READ) == 0) {
      address = checkedLoads(address, length, width);
    }
    return hostBase + address;
  }

  private long checkedLoads(long address, int length, int width) {
    long untagged = untag(address);
    try {
      check(untagged, length, AccessKind.READ);
    } catch (GuestFault fault) {
      throw new GuestFault(AccessKind.READ, fault.reason(), fault.address(), width);
    }
    return untagged;
  }

  /**
   * The 64 bits at host address {@code host}, little-endian: one half of what {@link #readable128}
   * checked, or 8 bytes of what {@link #readable(long, int, int)} did. Reads whatever is at {@code
   * host}: only for an address those methods returned.
   */
  public static long hostLoad64(long host) {
    return UNSAFE.getLongUnaligned(null, host);
  }

  /** Stores the low 8 bits of {@code value}. */
  public void store8(long address, long value) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 1) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_WRITE) == 0) {
      address = checked(address, 1, AccessKind.WRITE);
    }
    UNSAFE.putByte(null, hostBase + address, (byte) value);
  }

  /** Stores the low 16 bits of {@code value}, little-endian. */
  public void store16(long address, long value) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 2) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_WRITE) == 0) {
      address = checked(address, 2, AccessKind.WRITE);
    }
    UNSAFE.putShortUnaligned(null, hostBase + address, (short) value);
  }

  /** Stores the low 32 bits of {@code value}, little-endian. */
  public void store32(long address, long value) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 4) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_WRITE) == 0) {
      address = checked(address, 4, AccessKind.WRITE);
    }
    UNSAFE.putIntUnaligned(null, hostBase + address, (int) value);
  }

  /** Stores 64 bits, little-endian. */
  public void store64(long address, long value) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 8) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_WRITE) == 0) {
      address = checked(address, 8, AccessKind.WRITE);
    }
    UNSAFE.putLongUnaligned(null, hostBase + address, value);
  }

  /** Stores 128 bits: {@code lo} at {@code address}, {@code hi} at {@code address + 8}. */
  public void store128(long address, long lo, long hi) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - 16) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & PROT_WRITE) == 0) {
      address = checked(address, 16, AccessKind.WRITE);
    }
    UNSAFE.putLongUnaligned(null, hostBase + address, lo);
    UNSAFE.putLongUnaligned(null, hostBase + address + 8, hi);
  }

  // ---- grouped accesses ----------------------------------------------------------------------
  //
  // Generated code checks the accesses one block makes at constant offsets from one base once:
  // range(start, ...) before the first, then each access is at its offset into the range. The
  // accessors below take the range (or NO_RANGE), its guest start and the offset. When the range
  // failed, every access of the group takes its own checked path at start + offset, so a fault is
  // still that of the first access that faults, with the state before its instruction.

  /**
   * What {@link #range} returns when some byte of the range does not allow the access: zero, which
   * no host address is, and the cheapest value to test for in bytecode.
   */
  public static final long NO_RANGE = 0;

  /**
   * The host address of the {@code length} bytes at {@code address} (at most {@link #PAGE_SIZE})
   * when every one of them allows {@code rights} ({@link #PROT_READ}, {@link #PROT_WRITE} or both),
   * else {@link #NO_RANGE}; never throws. A tagged address is {@link #untag untagged}.
   */
  public long range(long address, int length, int rights) {
    if (Long.compareUnsigned(address & spanMask, PAGE_SIZE - length) > 0
        || (UNSAFE.getByte(permissions + (address >>> PAGE_SHIFT)) & rights) != rights) {
      return rangeAcrossPages(untag(address), length, rights);
    }
    return hostBase + address;
  }

  private long rangeAcrossPages(long address, int length, int rights) {
    long end = address + length;
    if (Long.compareUnsigned(address, size) >= 0 || Long.compareUnsigned(end, size) > 0) {
      return NO_RANGE;
    }
    for (long page = address >>> PAGE_SHIFT; page <= (end - 1) >>> PAGE_SHIFT; page++) {
      if ((permission(page) & rights) != rights) {
        return NO_RANGE;
      }
    }
    return hostBase + address;
  }

  /** {@link #load8(long)} at {@code offset} into a {@link #range} at {@code start}. */
  public long load8(long range, long start, long offset) {
    return range != NO_RANGE
        ? Byte.toUnsignedLong(UNSAFE.getByte(null, range + offset))
        : load8(start + offset);
  }

  /** {@link #load16(long)} at {@code offset} into a {@link #range} at {@code start}. */
  public long load16(long range, long start, long offset) {
    return range != NO_RANGE
        ? Short.toUnsignedLong(UNSAFE.getShortUnaligned(null, range + offset))
        : load16(start + offset);
  }

  /** {@link #load32(long)} at {@code offset} into a {@link #range} at {@code start}. */
  public long load32(long range, long start, long offset) {
    return range != NO_RANGE
        ? Integer.toUnsignedLong(UNSAFE.getIntUnaligned(null, range + offset))
        : load32(start + offset);
  }

  /** {@link #load64(long)} at {@code offset} into a {@link #range} at {@code start}. */
  public long load64(long range, long start, long offset) {
    return range != NO_RANGE
        ? UNSAFE.getLongUnaligned(null, range + offset)
        : load64(start + offset);
  }

  /** {@link #readable128(long)} at {@code offset} into a {@link #range} at {@code start}. */
  public long readable128(long range, long start, long offset) {
    return range != NO_RANGE ? range + offset : readable128(start + offset);
  }

  /** {@link #store8(long, long)} at {@code offset} into a {@link #range} at {@code start}. */
  public void store8(long range, long start, long offset, long value) {
    if (range == NO_RANGE) {
      store8(start + offset, value);
      return;
    }
    UNSAFE.putByte(null, range + offset, (byte) value);
  }

  /** {@link #store16(long, long)} at {@code offset} into a {@link #range} at {@code start}. */
  public void store16(long range, long start, long offset, long value) {
    if (range == NO_RANGE) {
      store16(start + offset, value);
      return;
    }
    UNSAFE.putShortUnaligned(null, range + offset, (short) value);
  }

  /** {@link #store32(long, long)} at {@code offset} into a {@link #range} at {@code start}. */
  public void store32(long range, long start, long offset, long value) {
    if (range == NO_RANGE) {
      store32(start + offset, value);
      return;
    }
    UNSAFE.putIntUnaligned(null, range + offset, (int) value);
  }

  /** {@link #store64(long, long)} at {@code offset} into a {@link #range} at {@code start}. */
  public void store64(long range, long start, long offset, long value) {
    if (range == NO_RANGE) {
      store64(start + offset, value);
      return;
    }
    UNSAFE.putLongUnaligned(null, range + offset, value);
  }

  /**
   * {@link #store128(long, long, long)} at {@code offset} into a {@link #range} at {@code start}.
   */
  public void store128(long range, long start, long offset, long lo, long hi) {
    if (range == NO_RANGE) {
      store128(start + offset, lo, hi);
      return;
    }
    UNSAFE.putLongUnaligned(null, range + offset, lo);
    UNSAFE.putLongUnaligned(null, range + offset + 8, hi);
  }

  /**
   * The slow path: the address an access refused by its fast check goes to, once {@link #check}ed.
   * A tagged address is accessed {@link #untag untagged}; anything else as it is.
   */
  private long checked(long address, int width, AccessKind kind) {
    long untagged = untag(address);
    check(untagged, width, kind);
    return untagged;
  }

  /**
   * Top-byte-ignore as Linux configures EL0 (TCR_EL1.TBI0 = 1, TBI1 = 0): in the lower half (bit 55
   * clear) bits 63-56 are a tag, not part of the address; upper-half addresses stay as they are.
   * Every access ignores the tag; the accessors apply this on their slow path, so a tagged pointer
   * costs nothing unless it is used.
   */
  public static long untag(long address) {
    return (address & (1L << 55)) == 0 ? address & 0x00ff_ffff_ffff_ffffL : address;
  }

  /**
   * {@code address} if it is aligned to {@code size} (a power of two), else throws the alignment
   * fault AArch64 raises for an unaligned exclusive, acquire or release access.
   */
  public static long aligned(long address, int size, AccessKind kind) {
    if ((address & (size - 1)) != 0) {
      throw new GuestFault(kind, GuestFault.Cause.ALIGNMENT, address, size);
    }
    return address;
  }

  // ---- atomics -----------------------------------------------------------------------------

  /**
   * Atomically replaces the 32-bit word at {@code address} with {@code update} if it holds {@code
   * expected} (low 32 bits compared); returns the old value zero-extended. Faults with {@link
   * GuestFault.Cause#ALIGNMENT} unless 4-byte aligned, as AArch64 exclusives and atomics do.
   */
  public long compareAndExchange32(long address, long expected, long update) {
    checkAtomic(address, 4);
    return Integer.toUnsignedLong(
        (int) ATOMIC32.compareAndExchange(memory, address, (int) expected, (int) update));
  }

  /** The 64-bit form of {@link #compareAndExchange32}; requires 8-byte alignment. */
  public long compareAndExchange64(long address, long expected, long update) {
    checkAtomic(address, 8);
    return (long) ATOMIC64.compareAndExchange(memory, address, expected, update);
  }

  private void checkAtomic(long address, int width) {
    if ((address & (width - 1)) != 0) {
      throw new GuestFault(AccessKind.WRITE, GuestFault.Cause.ALIGNMENT, address, width);
    }
    check(address, width, AccessKind.WRITE);
  }

  // ---- checks and bulk access ----------------------------------------------------------------

  /**
   * Checks that all {@code length} bytes at {@code address} allow {@code kind}.
   *
   * @throws GuestFault at the first byte that does not
   */
  public void check(long address, long length, AccessKind kind) {
    if (length <= 0) {
      return;
    }
    int right = rightFor(kind);
    long end = address + length;
    if (Long.compareUnsigned(address, size) >= 0
        || Long.compareUnsigned(end, size) > 0
        || Long.compareUnsigned(end, address) < 0) {
      long bad = Long.compareUnsigned(address, size) >= 0 ? address : size;
      throw new GuestFault(kind, GuestFault.Cause.UNMAPPED, bad, (int) Math.min(length, 16));
    }
    for (long page = address >>> PAGE_SHIFT; page <= (end - 1) >>> PAGE_SHIFT; page++) {
      if ((permission(page) & right) == 0) {
        long at = Math.max(address, page << PAGE_SHIFT);
        throw new GuestFault(kind, causeAt(page), at, (int) Math.min(length, 16));
      }
    }
  }

  /** Whether all {@code length} bytes at {@code address} allow {@code kind}. */
  public boolean allows(long address, long length, AccessKind kind) {
    try {
      check(address, length, kind);
      return true;
    } catch (GuestFault f) {
      return false;
    }
  }

  /**
   * Checks that the instruction at {@code pc} may be fetched (executable page, 4-byte aligned).
   *
   * @throws GuestFault with {@link AccessKind#EXECUTE} if not
   */
  public void checkExecute(long pc) {
    if ((pc & 3) != 0) {
      throw new GuestFault(AccessKind.EXECUTE, GuestFault.Cause.ALIGNMENT, pc, 4);
    }
    check(pc, 4, AccessKind.EXECUTE);
  }

  /**
   * A view of {@code length} guest bytes at {@code address} after checking they allow {@code kind};
   * for bulk transfers such as read(2) and write(2).
   */
  public MemorySegment view(long address, long length, AccessKind kind) {
    check(address, length, kind);
    return memory.asSlice(address, length);
  }

  /** Copies {@code length} guest bytes at {@code address} into a new array (checked read). */
  public byte[] read(long address, int length) {
    return view(address, length, AccessKind.READ).toArray(U8);
  }

  /** Copies {@code bytes} to {@code address} (checked write). */
  public void write(long address, byte[] bytes) {
    MemorySegment.copy(
        MemorySegment.ofArray(bytes),
        0,
        view(address, bytes.length, AccessKind.WRITE),
        0,
        bytes.length);
  }

  /**
   * Reads a NUL-terminated string of at most {@code limit} bytes (terminator excluded).
   *
   * @return the bytes before the NUL, or null when no NUL comes within {@code limit} bytes
   * @throws GuestFault when a byte before the NUL is not readable
   */
  public byte[] readCString(long address, int limit) {
    long at = address;
    while (true) {
      check(at, 1, AccessKind.READ);
      long pageEnd = (at | OFFSET_MASK) + 1;
      long stop = Math.min(pageEnd, address + limit + 1L);
      for (long p = at; p < stop; p++) {
        if (memory.get(U8, p) == 0) {
          return memory.asSlice(address, p - address).toArray(U8);
        }
      }
      if (stop - address > limit) {
        return null;
      }
      at = stop;
    }
  }

  // ---- mappings ----------------------------------------------------------------------------

  /**
   * Maps the pages of {@code [address, address + length)} with {@code prot} ({@link #PROT_READ} |
   * {@link #PROT_WRITE} | {@link #PROT_EXEC}). Content is left as it is: a range never mapped or
   * {@link #unmap unmapped} reads as zeros. Both ends are rounded out to page boundaries.
   */
  public void map(long address, long length, int prot) {
    setPages(address, length, (byte) (MAPPED | normalize(prot)));
  }

  /**
   * Changes the protection of an already mapped range.
   *
   * @return false, changing nothing, when part of the range is not mapped
   */
  public boolean protect(long address, long length, int prot) {
    if (!isMapped(address, length)) {
      return false;
    }
    setPages(address, length, (byte) (MAPPED | normalize(prot)));
    return true;
  }

  /** Unmaps the pages of a range and gives their physical memory back to the host. */
  public void unmap(long address, long length) {
    long start = address & ~OFFSET_MASK;
    long end = pageAlignUp(address + length);
    setPages(start, end - start, (byte) 0);
    HostMemory.discard(memory.asSlice(start, end - start));
  }

  /** Zeroes a range regardless of permissions, dropping whole pages back to the host. */
  public void zero(long address, long length) {
    long firstFull = pageAlignUp(address);
    long lastFull = (address + length) & ~OFFSET_MASK;
    if (firstFull < lastFull) {
      memory.asSlice(address, firstFull - address).fill((byte) 0);
      HostMemory.discard(memory.asSlice(firstFull, lastFull - firstFull));
      memory.asSlice(lastFull, address + length - lastFull).fill((byte) 0);
    } else {
      memory.asSlice(address, length).fill((byte) 0);
    }
  }

  /** Whether every page of a range is mapped (with any protection). */
  public boolean isMapped(long address, long length) {
    if (length <= 0
        || Long.compareUnsigned(address, size) >= 0
        || Long.compareUnsigned(address + length, size) > 0
        || Long.compareUnsigned(address + length, address) < 0) {
      return false;
    }
    for (long page = address >>> PAGE_SHIFT;
        page <= (address + length - 1) >>> PAGE_SHIFT;
        page++) {
      if ((permission(page) & MAPPED) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether a range lies inside the address space and no page of it is mapped. */
  public boolean isFree(long address, long length) {
    if (length <= 0
        || address < 0
        || Long.compareUnsigned(address + length, size) > 0
        || address + length < address) {
      return false;
    }
    for (long page = address >>> PAGE_SHIFT;
        page <= (address + length - 1) >>> PAGE_SHIFT;
        page++) {
      if ((permission(page) & MAPPED) != 0) {
        return false;
      }
    }
    return true;
  }

  /** How many bytes are mapped, counting whole pages. */
  public long mappedBytes() {
    long count = 0;
    for (long page = 0; page < pageCount; page++) {
      if ((permission(page) & MAPPED) != 0) {
        count++;
      }
    }
    return count << PAGE_SHIFT;
  }

  /** The protection of the page holding {@code address}, or -1 when it is not mapped. */
  public int protectionAt(long address) {
    if (Long.compareUnsigned(address, size) >= 0) {
      return -1;
    }
    int page = permission(address >>> PAGE_SHIFT);
    return (page & MAPPED) == 0 ? -1 : page & ~MAPPED;
  }

  /**
   * The highest page-aligned address {@code a} with {@code low <= a} and {@code a + length <= high}
   * whose range is entirely unmapped, or -1 when there is none. Used to place mmap regions
   * top-down, as Linux does.
   */
  public long findFree(long length, long low, long high) {
    long pagesNeeded = pageAlignUp(length) >>> PAGE_SHIFT;
    long run = 0;
    for (long page = (high >>> PAGE_SHIFT) - 1; page >= (low >>> PAGE_SHIFT); page--) {
      run = (permission(page) & MAPPED) == 0 ? run + 1 : 0;
      if (run == pagesNeeded) {
        return page << PAGE_SHIFT;
      }
    }
    return -1;
  }

  /** Rounds up to a page boundary. */
  public static long pageAlignUp(long value) {
    return (value + OFFSET_MASK) & ~OFFSET_MASK;
  }

  /**
   * A private copy of this address space for a forked child: same size, same mappings and
   * permissions, same contents. Only pages the host has made resident are copied (the others read
   * as zero in both), so forking a process that reserved gigabytes costs what it touched.
   */
  public GuestMemory copy() {
    GuestMemory child = new GuestMemory(size);
    UNSAFE.copyMemory(permissions, child.permissions, pageCount);
    int page = 0;
    while (page < pageCount) {
      if ((permission(page) & MAPPED) == 0) {
        page++;
        continue;
      }
      int start = page;
      while (page < pageCount && (permission(page) & MAPPED) != 0) {
        page++;
      }
      copyResident(child, start, page);
    }
    return child;
  }

  private void copyResident(GuestMemory child, int fromPage, int toPage) {
    long base = (long) fromPage << PAGE_SHIFT;
    byte[] resident =
        HostMemory.residentPages(memory.asSlice(base, (long) (toPage - fromPage) << PAGE_SHIFT));
    int i = 0;
    while (i < resident.length) {
      if ((resident[i] & 1) == 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < resident.length && (resident[i] & 1) != 0) {
        i++;
      }
      long offset = base + ((long) start << PAGE_SHIFT);
      MemorySegment.copy(memory, offset, child.memory, offset, (long) (i - start) << PAGE_SHIFT);
    }
  }

  /**
   * Releases the whole reservation. Every page loses its rights first, so an access made afterwards
   * faults instead of touching host memory the reservation no longer owns; the emptied reservation
   * then serves a later {@link #reserve}. No thread may still be running guest code on this address
   * space: a loop whose permission check the JIT hoisted would keep writing into the next one. When
   * threads may still run, use {@link #retire}. The memory must not be used afterwards.
   */
  @Override
  public void close() {
    UNSAFE.setMemory(permissions, pageCount, (byte) 0);
    arena.close();
  }

  /**
   * As {@link #close}, for an address space threads of an ended process may still be running on
   * (they stop at their next system call or budget check): its physical memory goes back to the
   * host, but the reservation is never given to another address space, so whatever those threads
   * still write lands where nobody reads.
   */
  public void retire() {
    reusable = false;
    close();
  }

  /**
   * {@link #retire} when threads of the ended process may still be running guest code on this
   * address space, else {@link #close}.
   */
  public void release(boolean threadsMayRemain) {
    if (threadsMayRemain) {
      retire();
    } else {
      close();
    }
  }

  private void setPages(long address, long length, byte value) {
    if (length <= 0) {
      return;
    }
    long end = address + length;
    if (address < 0 || Long.compareUnsigned(end, size) > 0 || end < address) {
      throw new IllegalArgumentException(
          "range 0x"
              + Long.toHexString(address)
              + "+0x"
              + Long.toHexString(length)
              + " is outside the guest address space of 0x"
              + Long.toHexString(size)
              + " bytes");
    }
    long first = address >>> PAGE_SHIFT;
    UNSAFE.setMemory(permissions + first, ((end + OFFSET_MASK) >>> PAGE_SHIFT) - first, value);
  }

  private static int normalize(int prot) {
    int p = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    return (p & PROT_WRITE) != 0 ? p | PROT_READ : p;
  }

  private static int rightFor(AccessKind kind) {
    return switch (kind) {
      case READ -> PROT_READ;
      case WRITE -> PROT_WRITE;
      case EXECUTE -> PROT_EXEC;
    };
  }

  private GuestFault.Cause causeAt(long page) {
    return (permission(page) & MAPPED) == 0
        ? GuestFault.Cause.UNMAPPED
        : GuestFault.Cause.PROTECTION;
  }
}
