package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The file listing of a Switch RomFS (the level-3 image: header, directory and file metadata
 * tables, file data).
 *
 * @param files every file, sorted by path
 */
public record RomFs(List<RomFs.File> files) {
  /**
   * One file.
   *
   * @param path absolute path inside the RomFS, {@code /} separated
   * @param offset where its data starts, from the start of the RomFS
   * @param size its size in bytes
   */
  public record File(String path, long offset, long size) {}

  private static final long HEADER_SIZE = 0x50;
  private static final long NONE = 0xffffffffL;
  private static final int DIR_ENTRY = 0x18;
  private static final int FILE_ENTRY = 0x20;
  private static final int MAX_DEPTH = 64;

  /** Makes the list unmodifiable. */
  public RomFs {
    files = List.copyOf(files);
  }

  /** Reads the RomFS in {@code bytes}, named {@code source} in errors. */
  public static RomFs read(String source, byte[] bytes) throws IntakeException {
    return new Walk(new Bin(source, bytes.clone())).run();
  }

  private static final class Walk {
    private final Bin bin;
    private Table dirs;
    private Table fileTable;
    private long dataOffset;
    private final Set<Long> seenDirs = new HashSet<>();
    private final Set<Long> seenFiles = new HashSet<>();
    private final List<File> out = new ArrayList<>();

    Walk(Bin bin) {
      this.bin = bin;
    }

    RomFs run() throws IntakeException {
      Struct h = bin.struct("RomFS header", 0, HEADER_SIZE);
      if (h.u64(0) != HEADER_SIZE) {
        throw h.error("header size " + hex(h.u64(0)) + ", expected 0x50");
      }
      bin.range(h, "directory metadata table", h.u64(0x18), h.u64(0x20));
      bin.range(h, "file metadata table", h.u64(0x38), h.u64(0x40));
      dirs = new Table("RomFS directory", h.u64(0x18), h.u64(0x20));
      fileTable = new Table("RomFS file", h.u64(0x38), h.u64(0x40));
      dataOffset = h.u64(0x48);
      if (!bin.inFile(dataOffset, 0)) {
        throw h.error("data offset " + hex(dataOffset) + " beyond file size " + hex(bin.size()));
      }
      directory(0, "", 0);
      out.sort(Comparator.comparing(File::path));
      return new RomFs(out);
    }

    /** A metadata table: where it starts in the RomFS and how long it is. */
    private record Table(String kind, long start, long size) {}

    private Struct entry(Table table, long offset, long size) throws IntakeException {
      if (Long.compareUnsigned(offset, table.size()) >= 0
          || Long.compareUnsigned(size, table.size() - offset) > 0) {
        throw bin.error(
            table.kind() + " entry",
            table.start() + offset,
            "entry "
                + hex(offset)
                + "+"
                + hex(size)
                + " beyond its table of "
                + hex(table.size())
                + " bytes");
      }
      return bin.struct(table.kind() + " entry", table.start() + offset, size);
    }

    private String name(Table table, long offset, Struct e, int headerSize) throws IntakeException {
      long length = e.u32(headerSize - 4);
      return entry(table, offset, headerSize + length).utf8(headerSize, (int) length);
    }

    private void directory(long offset, String path, int depth) throws IntakeException {
      if (depth > MAX_DEPTH || !seenDirs.add(offset)) {
        throw bin.error(
            "RomFS directory entry",
            dirs.start() + offset,
            "directory tree loops or is deeper than " + MAX_DEPTH + " levels");
      }
      Struct d = entry(dirs, offset, DIR_ENTRY);
      for (long f = d.u32(0xc); f != NONE; ) {
        if (!seenFiles.add(f)) {
          throw bin.error("RomFS file entry", f, "file list loops");
        }
        Struct e = entry(fileTable, f, FILE_ENTRY);
        String name = name(fileTable, f, e, FILE_ENTRY);
        long at = dataOffset + e.u64(8);
        long size = e.u64(0x10);
        if (Long.compareUnsigned(e.u64(8), bin.size()) > 0 || !bin.inFile(at, size)) {
          throw e.error(
              "file "
                  + path
                  + "/"
                  + name
                  + " data "
                  + hex(at)
                  + "+"
                  + hex(size)
                  + " beyond RomFS size "
                  + hex(bin.size()));
        }
        out.add(new File(path + "/" + name, at, size));
        f = e.u32(4);
      }
      for (long c = d.u32(0x8); c != NONE; ) {
        Struct child = entry(dirs, c, DIR_ENTRY);
        directory(c, path + "/" + name(dirs, c, child, DIR_ENTRY), depth + 1);
        c = child.u32(4);
      }
    }
  }
}
