package dev.recomp.intake.internal;

import dev.recomp.intake.IntakeException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A file's bytes with bounds-checked little-endian reads. Every failure is an {@link
 * IntakeException} whose message names the file, the offset and what was expected there, e.g.
 * {@code hello: section header 7 at offset 0x1a38: sh_offset+sh_size 0x9000 beyond file size
 * 0x8a00}.
 */
public final class Bin {
  private final String source;
  private final byte[] array;
  private final MemorySegment data;

  /** {@code data} (not copied: the caller must not change it) named {@code source} in errors. */
  public Bin(String source, byte[] data) {
    this.source = source;
    this.array = data;
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
    return new Struct(what, (int) offset, (int) length);
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

  /**
   * A bounds-checked view of one structure in the file; field reads are relative to its start.
   * Fields are decoded from the file's array by hand rather than through a {@link MemorySegment}:
   * intake runs at every launch of a recompiled program, before the JIT has compiled anything, and
   * an interpreted segment access costs about a microsecond.
   */
  public final class Struct {
    private final String what;
    private final int offset;
    private final int length;

    private Struct(String what, int offset, int length) {
      this.what = what;
      this.offset = offset;
      this.length = length;
    }

    /** Where the structure starts in the file. */
    public long offset() {
      return offset;
    }

    /** The structure's bytes. */
    public MemorySegment bytes() {
      return data.asSlice(offset, length);
    }

    /** Unsigned byte at {@code at}. */
    public int u8(long at) {
      return array[index(at, 1)] & 0xff;
    }

    /** Unsigned 16-bit little-endian value at {@code at}. */
    public int u16(long at) {
      int i = index(at, 2);
      return (array[i] & 0xff) | (array[i + 1] & 0xff) << 8;
    }

    /** Unsigned 32-bit little-endian value at {@code at}. */
    public long u32(long at) {
      return Integer.toUnsignedLong(le32(index(at, 4)));
    }

    /** 64-bit little-endian value at {@code at} (unsigned in meaning). */
    public long u64(long at) {
      int i = index(at, 8);
      return Integer.toUnsignedLong(le32(i)) | (long) le32(i + 4) << 32;
    }

    /** ASCII text of {@code length} bytes at {@code at}, up to the first NUL. */
    public String ascii(long at, int length) {
      return text(index(at, length), length, StandardCharsets.US_ASCII);
    }

    /** UTF-8 text of at most {@code length} bytes at {@code at}, up to the first NUL. */
    public String utf8(long at, int length) {
      return text(index(at, length), length, StandardCharsets.UTF_8);
    }

    /** The array index of the field of {@code size} bytes at {@code at}, which must lie inside. */
    private int index(long at, int size) {
      return offset + (int) Objects.checkFromIndexSize(at, size, length);
    }

    private int le32(int i) {
      return (array[i] & 0xff)
          | (array[i + 1] & 0xff) << 8
          | (array[i + 2] & 0xff) << 16
          | (array[i + 3] & 0xff) << 24;
    }

    private String text(int start, int max, Charset charset) {
      int end = start;
      while (end < start + max && array[end] != 0) {
        end++;
      }
      return new String(array, start, end - start, charset);
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
   * The NUL-terminated string at {@code index} in the string table {@code table}, a range of this
   * file (from {@link #range}); the error names {@code user} (the structure holding the index).
   */
  public String cstring(Struct user, MemorySegment table, long index, String tableName)
      throws IntakeException {
    if (Long.compareUnsigned(index, table.byteSize()) >= 0) {
      throw user.error(
          "name index " + hex(index) + " beyond " + tableName + " size " + hex(table.byteSize()));
    }
    // Both are views of the same array, so their addresses differ by the table's file offset.
    int tableOffset = (int) (table.address() - data.address());
    int start = (int) (tableOffset + index);
    int limit = (int) (tableOffset + table.byteSize());
    int end = start;
    while (end < limit && array[end] != 0) {
      end++;
    }
    if (end == limit) {
      throw user.error("name at " + tableName + " index " + hex(index) + " is not NUL-terminated");
    }
    return new String(array, start, end - start, StandardCharsets.UTF_8);
  }
}
