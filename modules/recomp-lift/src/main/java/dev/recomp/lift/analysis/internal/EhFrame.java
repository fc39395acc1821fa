package dev.recomp.lift.analysis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the function ranges out of {@code .eh_frame} (the LSB's "Exception Frames" format: CIE and
 * FDE records with DWARF pointer encodings). Only what analysis needs is decoded: each FDE's {@code
 * pc_begin} and {@code pc_range}. The CFA programs are skipped.
 */
public final class EhFrame {
  /** DW_EH_PE_omit: no value present. */
  private static final int OMIT = 0xff;

  /** One FDE: a function (or a part of one) covering [begin, begin + range). */
  public record Fde(long address, long begin, long range) {}

  /**
   * The FDEs read, and the reason reading stopped early, if it did (a truncated or malformed
   * record: what precedes it is still good).
   */
  public record Result(List<Fde> fdes, Optional<String> problem) {}

  /** What an FDE needs from its CIE. */
  private record Cie(int pointerEncoding, boolean augmented) {}

  private final ImageMemory memory;
  private final Map<Long, Cie> cies = new HashMap<>();
  private final List<Fde> fdes = new ArrayList<>();

  private EhFrame(ImageMemory memory) {
    this.memory = memory;
  }

  /** Reads records from {@code start} until a zero terminator, {@code end}, or unmapped memory. */
  public static Result read(ImageMemory memory, long start, long end) {
    EhFrame frame = new EhFrame(memory);
    Optional<String> problem = frame.records(start, end);
    return new Result(List.copyOf(frame.fdes), problem);
  }

  /**
   * Finds {@code .eh_frame} through {@code .eh_frame_hdr} (as NRO/NSO, which have only MOD0's
   * pointer to the header, require), and reads it.
   */
  public static Result readViaHeader(ImageMemory memory, long header, long end) {
    Cursor c = new Cursor(memory, header, Math.max(end, header + 4));
    try {
      int version = c.u8();
      int framePointerEncoding = c.u8();
      if (version != 1) {
        return new Result(
            List.of(),
            Optional.of(hex(header) + ": .eh_frame_hdr version " + version + ", expected 1"));
      }
      c.u8();
      c.u8();
      long frame =
          c.encoded(framePointerEncoding).orElseThrow(() -> c.fail("eh_frame_ptr omitted"));
      return read(memory, frame, -1L);
    } catch (Malformed e) {
      return new Result(List.of(), Optional.of(e.getMessage()));
    }
  }

  private Optional<String> records(long start, long end) {
    long at = start;
    try {
      while (Long.compareUnsigned(at, end) < 0 && memory.mapped(at)) {
        Cursor c = new Cursor(memory, at, end);
        long length = c.u32();
        if (length == 0) {
          return Optional.empty();
        }
        if (length == 0xffffffffL) {
          length = c.u64();
        }
        long body = c.position();
        long next = body + length;
        if (Long.compareUnsigned(length, 1L << 32) >= 0 || Long.compareUnsigned(next, end) > 0) {
          throw c.fail("record length 0x" + Long.toHexString(length) + " runs past the section");
        }
        Cursor r = new Cursor(memory, body, next);
        long id = r.u32();
        if (id == 0) {
          cies.put(at, cie(r));
        } else {
          fde(r, at, body - id);
        }
        at = next;
      }
      return Optional.empty();
    } catch (Malformed e) {
      return Optional.of(e.getMessage());
    }
  }

  private static Cie cie(Cursor r) {
    int version = r.u8();
    if (version != 1 && version != 3) {
      throw r.fail("CIE version " + version + ", expected 1 or 3");
    }
    String augmentation = r.string();
    if (augmentation.contains("eh")) {
      r.u64();
    }
    r.uleb();
    r.sleb();
    if (version == 1) {
      r.u8();
    } else {
      r.uleb();
    }
    int pointerEncoding = 0;
    boolean augmented = augmentation.startsWith("z");
    if (augmented) {
      long dataLength = r.uleb();
      long dataEnd = r.position() + dataLength;
      for (char c : augmentation.substring(1).toCharArray()) {
        switch (c) {
          case 'R' -> pointerEncoding = r.u8();
          case 'L' -> r.u8();
          case 'P' -> r.encoded(r.u8() & 0x0f);
          default -> {
            // S (signal frame), B (PAC B key), G (MTE) carry no data; unknown letters end the
            // walk, and the length says where the data ends either way.
          }
        }
      }
      r.seek(dataEnd);
    }
    return new Cie(pointerEncoding, augmented);
  }

  private void fde(Cursor r, long address, long cieAddress) {
    Cie cie = cies.get(cieAddress);
    if (cie == null) {
      throw r.fail(
          "FDE at " + hex(address) + " points at " + hex(cieAddress) + ", which is no CIE");
    }
    OptionalLong begin = r.encoded(cie.pointerEncoding());
    // pc_range uses the same format but is a plain size: no pc-relative adjustment.
    OptionalLong range = r.encoded(cie.pointerEncoding() & 0x0f);
    if (begin.isPresent() && range.isPresent() && range.getAsLong() > 0) {
      fdes.add(new Fde(address, begin.getAsLong(), range.getAsLong()));
    }
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** A malformed record; the message names the address and what was expected. */
  private static final class Malformed extends RuntimeException {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads DWARF data types at guest addresses, bounded by {@code end}. */
  private static final class Cursor {
    private final ImageMemory memory;
    private final long end;
    private long pos;

    Cursor(ImageMemory memory, long pos, long end) {
      this.memory = memory;
      this.pos = pos;
      this.end = end;
    }

    long position() {
      return pos;
    }

    void seek(long to) {
      pos = to;
    }

    Malformed fail(String what) {
      return new Malformed(".eh_frame at " + hex(pos) + ": " + what);
    }

    long fixed(int size) {
      if (Long.compareUnsigned(pos + size, end) > 0) {
        throw fail("truncated: " + size + "-byte value runs past the record");
      }
      OptionalLong value = memory.read(pos, size);
      if (value.isEmpty()) {
        throw fail("unmapped");
      }
      pos += size;
      return value.getAsLong();
    }

    int u8() {
      return (int) fixed(1);
    }

    long u32() {
      return fixed(4);
    }

    long u64() {
      return fixed(8);
    }

    long uleb() {
      long value = 0;
      for (int shift = 0; ; shift += 7) {
        int b = u8();
        if (shift < 64) {
          value |= (long) (b & 0x7f) << shift;
        }
        if ((b & 0x80) == 0) {
          return value;
        }
        if (shift > 70) {
          throw fail("LEB128 longer than 10 bytes");
        }
      }
    }

    long sleb() {
      long value = 0;
      int shift = 0;
      int b;
      do {
        b = u8();
        if (shift < 64) {
          value |= (long) (b & 0x7f) << shift;
        }
        shift += 7;
        if (shift > 77) {
          throw fail("LEB128 longer than 10 bytes");
        }
      } while ((b & 0x80) != 0);
      return shift < 64 && (b & 0x40) != 0 ? value | -1L << shift : value;
    }

    String string() {
      StringBuilder s = new StringBuilder();
      for (int c = u8(); c != 0; c = u8()) {
        s.append((char) c);
        if (s.length() > 64) {
          throw fail("augmentation string without terminator");
        }
      }
      return s.toString();
    }

    /** A pointer in DWARF exception-header encoding {@code encoding} (DW_EH_PE_*). */
    OptionalLong encoded(int encoding) {
      if (encoding == OMIT) {
        return OptionalLong.empty();
      }
      long fieldAddress = pos;
      long value =
          switch (encoding & 0x0f) {
            case 0x00, 0x04, 0x0c -> u64();
            case 0x01 -> uleb();
            case 0x02 -> fixed(2);
            case 0x03 -> u32();
            case 0x09 -> sleb();
            case 0x0a -> (short) fixed(2);
            case 0x0b -> (int) u32();
            default -> throw fail("pointer encoding 0x" + Integer.toHexString(encoding));
          };
      return switch (encoding & 0x70) {
        case 0x00 -> OptionalLong.of(value);
        case 0x10 -> OptionalLong.of(fieldAddress + value);
        // datarel, textrel, funcrel need bases .eh_frame does not use for pc_begin.
        default -> throw fail("pointer application 0x" + Integer.toHexString(encoding & 0x70));
      };
    }
  }
}
