package dev.recomp.intake;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A loadable region: {@code memSize} bytes at {@code address}, of which the first {@code
 * data.byteSize()} come from the file and the rest are zero (bss).
 *
 * @param name "load0", "load1"... for ELF (in program-header order); ".text", ".rodata", ".data"
 *     for NRO/NSO
 * @param address virtual address (for {@link ImageType#DYN} images, an offset from the load base)
 * @param memSize size in memory (unsigned), at least the file size
 * @param fileOffset where the file bytes start in the input file (for NSO, in the decompressed
 *     image)
 * @param data the file bytes, a read-only view
 * @param permissions access rights
 */
public record Segment(
    String name,
    long address,
    long memSize,
    long fileOffset,
    MemorySegment data,
    Permissions permissions) {
  /** Checks the invariants and makes {@code data} read-only. */
  public Segment {
    data = data.asReadOnly();
    if (Long.compareUnsigned(memSize, data.byteSize()) < 0) {
      throw new IllegalArgumentException(
          name + ": memory size " + memSize + " below file size " + data.byteSize());
    }
  }

  /** The number of bytes that come from the file. */
  public long fileSize() {
    return data.byteSize();
  }

  /** The first address after the segment. */
  public long end() {
    return address + memSize;
  }

  /** Whether {@code addr} falls inside the segment's memory range. */
  public boolean contains(long addr) {
    return Long.compareUnsigned(addr - address, memSize) < 0;
  }

  /** A copy of the file bytes. */
  public byte[] bytes() {
    return data.toArray(ValueLayout.JAVA_BYTE);
  }
}
