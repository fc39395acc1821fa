package dev.recomp.intake.internal;

import dev.recomp.intake.IntakeException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A file's bytes with bounds-checked little-endian reads. Every failure is an {@link
 * IntakeException} whose message names the file, the offset and what was expected there, e.g.
 * {@code hello: section header 7 at offset 0x1a38: sh_offset+sh_size 0x9000 beyond file size
 * 0x8a00}.
 */
public final class Bin {
  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final String source;
  private final MemorySegment data;

  /** {@code data} (not copied: the caller must not change it) named {@code source} in errors. */
  public Bin(String source, byte[] data) {
    this.source = source;
    this.data = MemorySegment.ofArray(data).asReadOnly();
  }

  /** The file's name as errors give it. */
  public String source() {
    return source;
  }

  /** The file size. */
  public long size() {
    return data.byteSize();
  }

  /** An error about the structure {@code what} at {@code offset}. */
  public IntakeException error(String what, long offset, String problem) {
    return new IntakeException(source + ": " + what + " at offset " + hex(offset) + ": " + problem);
  }

  /** An error about the whole file. */
  public IntakeException error(String problem) {
    return new IntakeException(source + ": " + problem);
  }

  /** {@code 0x}-prefixed unsigned hex. */
  public static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** Whether {@code [offset, offset+length)} lies in the file, all values unsigned. */
  public boolean inFile(long offset, long length) {
    return Long.compareUnsigned(offset, size()) <= 0
        && Long.compareUnsigned(length, size() - offset) <= 0;
  }

  /**
   * The structure {@code what} of {@code length} bytes at {@code offset}; fails naming it if it
   * does not fit in the file.
   */
  public Struct struct(String what, long offset, long length) throws IntakeException {
    if (!inFile(offset, length)) {
      throw error(
          what,
          offset,
          "needs " + hex(length) + " bytes, beyond file size " + hex(size()) + " (truncated?)");
    }
    return new Struct(what, offset, data.asSlice(offset, length));
  }

  /**
   * The bytes {@code [offset, offset+length)} that a field of {@code owner} points at; fails with
   * {@code "<field> 0x..+0x.. beyond file size 0x.."}.
   */
  public MemorySegment range(Struct owner, String field, long offset, long length)
      throws IntakeException {
    if (!inFile(offset, length)) {
      throw owner.error(
          field + " " + hex(offset) + "+" + hex(length) + " beyond file size " + hex(size()));
    }
    return data.asSlice(offset, length);
  }

  /** A bounds-checked view of one structure in the file; field reads are relative to its start. */
  public final class Struct {
    private final String what;
    private final long offset;
    private final MemorySegment bytes;

    private Struct(String what, long offset, MemorySegment bytes) {
      this.what = what;
      this.offset = offset;
      this.bytes = bytes;
    }

    /** Where the structure starts in the file. */
    public long offset() {
      return offset;
    }

    /** The structure's bytes. */
    public MemorySegment bytes() {
      return bytes;
    }

    /** Unsigned byte at {@code at}. */
    public int u8(long at) {
      return Byte.toUnsignedInt(bytes.get(ValueLayout.JAVA_BYTE, at));
    }

    /** Unsigned 16-bit little-endian value at {@code at}. */
    public int u16(long at) {
      return Short.toUnsignedInt(bytes.get(U16, at));
    }

    /** Unsigned 32-bit little-endian value at {@code at}. */
    public long u32(long at) {
      return Integer.toUnsignedLong(bytes.get(U32, at));
    }

    /** 64-bit little-endian value at {@code at} (unsigned in meaning). */
    public long u64(long at) {
      return bytes.get(U64, at);
    }

    /** ASCII text of {@code length} bytes at {@code at}, up to the first NUL. */
    public String ascii(long at, int length) {
      byte[] raw = bytes.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
      int end = 0;
      while (end < raw.length && raw[end] != 0) {
        end++;
      }
      return new String(raw, 0, end, StandardCharsets.US_ASCII);
    }

    /** UTF-8 text of at most {@code length} bytes at {@code at}, up to the first NUL. */
    public String utf8(long at, int length) {
      byte[] raw = bytes.asSlice(at, length).toArray(ValueLayout.JAVA_BYTE);
      int end = 0;
      while (end < raw.length && raw[end] != 0) {
        end++;
      }
      return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    /** Whether the 4 bytes at {@code at} spell {@code tag}. */
    public boolean hasMagic(long at, String tag) {
      return ascii(at, 4).equals(tag);
    }

    /** An error about this structure. */
    public IntakeException error(String problem) {
      return Bin.this.error(what, offset, problem);
    }
  }

  /**
   * The NUL-terminated string at {@code index} in the string table {@code table}; the error names
   * {@code user} (the structure holding the index).
   */
  public static String cstring(Struct user, MemorySegment table, long index, String tableName)
      throws IntakeException {
    if (Long.compareUnsigned(index, table.byteSize()) >= 0) {
      throw user.error(
          "name index " + hex(index) + " beyond " + tableName + " size " + hex(table.byteSize()));
    }
    long end = index;
    while (end < table.byteSize() && table.get(ValueLayout.JAVA_BYTE, end) != 0) {
      end++;
    }
    if (end == table.byteSize()) {
      throw user.error("name at " + tableName + " index " + hex(index) + " is not NUL-terminated");
    }
    return new String(
        table.asSlice(index, end - index).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
  }
}
