package dev.recomp.lift.analysis.internal;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Segment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Reads the initial contents of a guest image by address, as the loader would map it (bss reads as
 * zero), with single-instruction patches of the title config applied. Reads outside every segment
 * give empty results rather than exceptions: analysis follows untrusted pointers.
 */
public final class ImageMemory {
  private final TreeMap<Long, Segment> segments = new TreeMap<>(Long::compareUnsigned);
  private final Map<Long, Integer> patches;
  private final Map<Long, Long> relocated;

  /**
   * Memory of {@code image} with {@code patches} (address to instruction word) applied, and with
   * the 64-bit words the loader relocates ({@code relocated}, address to value at load base 0).
   */
  public ImageMemory(GuestImage image, Map<Long, Integer> patches, Map<Long, Long> relocated) {
    image.segments().forEach(s -> segments.put(s.address(), s));
    this.patches = Map.copyOf(patches);
    this.relocated = Map.copyOf(relocated);
  }

  /** The segments, by address. */
  public List<Segment> segments() {
    return List.copyOf(segments.values());
  }

  /** Whether {@code address} lies in an executable segment. */
  public boolean executable(long address) {
    Segment s = segmentAt(address);
    return s != null && s.permissions().execute();
  }

  /** Whether {@code address} lies in any segment. */
  public boolean mapped(long address) {
    return segmentAt(address) != null;
  }

  /** The 32-bit little-endian instruction word at {@code address}, patched, if mapped. */
  public OptionalInt word(long address) {
    Integer patched = patches.get(address);
    if (patched != null) {
      return OptionalInt.of(patched);
    }
    OptionalLong value = read(address, 4);
    return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
  }

  /** {@code size} (1 to 8) bytes at {@code address}, little-endian and zero-extended, if mapped. */
  public OptionalLong read(long address, int size) {
    Long value64 = size == 8 ? relocated.get(address) : null;
    if (value64 != null) {
      return OptionalLong.of(value64);
    }
    Segment s = segmentAt(address);
    if (s == null || Long.compareUnsigned(address - s.address() + size, s.memSize()) > 0) {
      return OptionalLong.empty();
    }
    long offset = address - s.address();
    long value = 0;
    for (int i = size - 1; i >= 0; i--) {
      long at = offset + i;
      int b = at < s.fileSize() ? s.data().get(ValueLayout.JAVA_BYTE, at) & 0xff : 0;
      value = value << 8 | b;
    }
    return OptionalLong.of(value);
  }

  /** The segment holding {@code address}, or null. */
  public Segment segmentAt(long address) {
    Map.Entry<Long, Segment> e = segments.floorEntry(address);
    return e != null && e.getValue().contains(address) ? e.getValue() : null;
  }
}
