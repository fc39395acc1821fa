package dev.recomp.intake.internal;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.IntakeException;
import dev.recomp.intake.Segment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Bounds-checked reads by virtual address over the file bytes of an image's segments, for the
 * structures (dynamic section, symbol and relocation tables) that are located by address.
 */
public final class ImageMemory {
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final String source;
  private final List<Segment> segments;

  /** Reads over {@code segments} of the file {@code source}. */
  public ImageMemory(String source, List<Segment> segments) {
    this.source = source;
    this.segments = List.copyOf(segments);
  }

  /** An error about the structure {@code what} at {@code address}. */
  public IntakeException error(String what, long address, String problem) {
    return new IntakeException(
        source + ": " + what + " at address " + hex(address) + ": " + problem);
  }

  /**
   * The {@code length} file bytes at {@code address}; fails unless they lie inside one segment's
   * file bytes.
   */
  public MemorySegment read(String what, long address, long length) throws IntakeException {
    for (Segment s : segments) {
      long rel = address - s.address();
      if (Long.compareUnsigned(rel, s.fileSize()) < 0
          && Long.compareUnsigned(length, s.fileSize() - rel) <= 0) {
        return s.data().asSlice(rel, length);
      }
    }
    throw error(what, address, hex(length) + " bytes are not inside one segment's file bytes");
  }

  /** Whether {@code [address, address+length)} lies inside one segment's memory range. */
  public boolean mapped(long address, long length) {
    return segments.stream()
        .anyMatch(
            s ->
                Long.compareUnsigned(address - s.address(), s.memSize()) < 0
                    && Long.compareUnsigned(length, s.memSize() - (address - s.address())) <= 0);
  }

  /** Unsigned 32-bit value at {@code address}. */
  public long u32(String what, long address) throws IntakeException {
    return Integer.toUnsignedLong(read(what, address, 4).get(U32, 0));
  }

  /** 64-bit value at {@code address}. */
  public long u64(String what, long address) throws IntakeException {
    return read(what, address, 8).get(U64, 0);
  }
}
