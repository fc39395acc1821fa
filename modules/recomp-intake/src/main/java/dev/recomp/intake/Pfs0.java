package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import dev.recomp.intake.internal.InputFiles;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A PFS0 partition file system (also the NSP container): a header, file entries, a string table,
 * then the files' data.
 *
 * @param source the file's name as errors give it
 * @param entries the files, in table order
 */
public record Pfs0(String source, List<Pfs0.Entry> entries) {
  /**
   * One file.
   *
   * @param name its name (checked to be a plain file name)
   * @param offset where its data starts in the PFS0 file
   * @param size its size in bytes
   * @param data its bytes, a read-only view
   */
  public record Entry(String name, long offset, long size, MemorySegment data) {}

  private static final int HEADER_SIZE = 0x10;
  private static final int ENTRY_SIZE = 0x18;

  /** Makes the list unmodifiable. */
  public Pfs0 {
    entries = List.copyOf(entries);
  }

  /** Whether {@code bytes} start with "PFS0". */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 'P'
        && bytes[1] == 'F'
        && bytes[2] == 'S'
        && bytes[3] == '0';
  }

  /** Reads the PFS0/NSP at {@code path}. */
  public static Pfs0 read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes} (copied) as a PFS0 named {@code source} in errors. */
  public static Pfs0 read(String source, byte[] bytes) throws IntakeException {
    Bin bin = new Bin(source, bytes.clone());
    Struct h = bin.struct("PFS0 header", 0, HEADER_SIZE);
    if (!h.hasMagic(0, "PFS0")) {
      throw h.error("expected magic \"PFS0\"");
    }
    long count = h.u32(4);
    long stringsSize = h.u32(8);
    long stringsAt = HEADER_SIZE + count * ENTRY_SIZE;
    MemorySegment strings = bin.range(h, "string table", stringsAt, stringsSize);
    long dataAt = stringsAt + stringsSize;
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (long i = 0; i < count; i++) {
      Struct e = bin.struct("PFS0 entry " + i, HEADER_SIZE + i * ENTRY_SIZE, ENTRY_SIZE);
      String name = bin.cstring(e, strings, e.u32(0x10), "PFS0 string table");
      if (!isPlainName(name)) {
        throw e.error("file name \"" + name + "\" is not a plain file name");
      }
      if (!names.add(name)) {
        throw e.error("file name \"" + name + "\" appears twice");
      }
      long offset = e.u64(0);
      if (Long.compareUnsigned(offset, bin.size()) > 0) {
        throw e.error("data offset " + hex(offset) + " beyond file size " + hex(bin.size()));
      }
      long size = e.u64(8);
      MemorySegment data = bin.range(e, name + " data", dataAt + offset, size);
      entries.add(new Entry(name, dataAt + offset, size, data.asReadOnly()));
    }
    return new Pfs0(source, entries);
  }

  private static boolean isPlainName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0 || c == ':');
  }

  /**
   * Writes every file into {@code directory} (created if needed), each through a temporary file
   * renamed into place, and returns the written paths in table order.
   */
  public List<Path> extract(Path directory) throws IntakeException {
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Entry e : entries) {
        Path target = directory.resolve(e.name());
        OutputFiles.replace(target, e.data().toArray(ValueLayout.JAVA_BYTE));
        written.add(target);
      }
    } catch (IOException ex) {
      throw new IntakeException(
          source + ": cannot extract into " + directory + ": " + ex.getMessage(), ex);
    }
    return written;
  }
}
