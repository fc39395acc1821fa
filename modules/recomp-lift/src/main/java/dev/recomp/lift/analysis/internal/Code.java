package dev.recomp.lift.analysis.internal;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Section;
import dev.recomp.intake.Segment;
import dev.recomp.isa.Decoder;
import dev.recomp.isa.Insn;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The image's executable code: where it is, and its instructions, decoded once each. Code is the
 * executable sections when the image has a section table (ELF), else the executable segments.
 */
public final class Code {
  /** Size of the MOD0 header: the magic and six 32-bit offsets. */
  private static final long MOD0_SIZE = 28;

  private final ImageMemory memory;
  private final TreeMap<Long, Long> ranges = new TreeMap<>();
  private final Map<Long, Insn> decoded = new HashMap<>();
  private final Decoder decoder = Decoder.standard();

  /** The code of {@code image}, read through {@code memory}. */
  public Code(GuestImage image, ImageMemory memory) {
    this.memory = memory;
    List<Section> sections =
        image.sections().stream()
            .filter(s -> s.executable() && s.allocated() && s.size() > 0)
            .toList();
    if (!sections.isEmpty()) {
      sections.forEach(s -> ranges.merge(s.address(), s.address() + s.size(), Math::max));
    } else {
      for (Segment s : memory.segments()) {
        if (s.permissions().execute()) {
          ranges.merge(s.address(), s.address() + s.fileSize(), Math::max);
        }
      }
    }
    // The Switch module header sits inside .text but is data.
    image.mod0().ifPresent(m -> carve(m.headerOffset(), m.headerOffset() + MOD0_SIZE));
  }

  private void carve(long from, long to) {
    Map.Entry<Long, Long> range = ranges.floorEntry(from);
    if (range == null || range.getValue() <= from) {
      return;
    }
    long end = range.getValue();
    if (range.getKey() < from) {
      ranges.put(range.getKey(), from);
    } else {
      ranges.remove(range.getKey());
    }
    if (to < end) {
      ranges.put(to, end);
    }
  }

  /** Whether {@code address} is an aligned address inside executable code. */
  public boolean contains(long address) {
    if ((address & 3) != 0) {
      return false;
    }
    Map.Entry<Long, Long> range = ranges.floorEntry(address);
    return range != null && address + 4 <= range.getValue();
  }

  /** The executable ranges, start to end. */
  public Map<Long, Long> ranges() {
    return Collections.unmodifiableSortedMap(ranges);
  }

  /** The instruction at {@code address}, if it is inside code. */
  public Optional<Insn> at(long address) {
    if (!contains(address)) {
      return Optional.empty();
    }
    Insn insn = decoded.get(address);
    if (insn == null) {
      OptionalInt word = memory.word(address);
      if (word.isEmpty()) {
        return Optional.empty();
      }
      insn = decoder.decode(address, word.getAsInt());
      decoded.put(address, insn);
    }
    return Optional.of(insn);
  }

  /** The image's memory. */
  public ImageMemory memory() {
    return memory;
  }
}
