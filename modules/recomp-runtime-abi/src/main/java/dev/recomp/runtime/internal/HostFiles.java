package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Host files and directories opened by the guest. */
final class HostFiles {
  private HostFiles() {}

  /** A regular file (or anything else a FileChannel can read). */
  static final class RegularFile extends OpenFile {
    final Path path;
    final FileChannel channel;

    RegularFile(Path path, FileChannel channel, int flags) {
      super(flags);
      this.path = path;
      this.channel = channel;
    }

    @Override
    long read(MemorySegment dst) throws IOException {
      requireReadable();
      int n = channel.read(dst.asByteBuffer());
      return Math.max(n, 0);
    }

    @Override
    long write(MemorySegment src) throws IOException {
      requireWritable();
      if ((flags & LinuxFlags.O_APPEND) != 0) {
        channel.position(channel.size());
      }
      return channel.write(src.asByteBuffer());
    }

    @Override
    long pread(MemorySegment dst, long offset) throws IOException {
      requireReadable();
      return Math.max(channel.read(dst.asByteBuffer(), offset), 0);
    }

    @Override
    long pwrite(MemorySegment src, long offset) throws IOException {
      requireWritable();
      return channel.write(src.asByteBuffer(), offset);
    }

    @Override
    long seek(long offset, int whence) throws IOException {
      long base =
          switch (whence) {
            case LinuxFlags.SEEK_SET -> 0;
            case LinuxFlags.SEEK_CUR -> channel.position();
            case LinuxFlags.SEEK_END -> channel.size();
            default -> throw new SyscallError(Errno.EINVAL);
          };
      long target = base + offset;
      if (target < 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      channel.position(target);
      return target;
    }

    @Override
    Stat stat(Kernel kernel) throws IOException {
      return statOf(path, false);
    }

    @Override
    void closeHost() throws IOException {
      channel.close();
    }

    private void requireReadable() {
      if ((flags & LinuxFlags.O_ACCMODE) == LinuxFlags.O_WRONLY) {
        throw new SyscallError(Errno.EBADF);
      }
    }

    private void requireWritable() {
      if ((flags & LinuxFlags.O_ACCMODE) == LinuxFlags.O_RDONLY) {
        throw new SyscallError(Errno.EBADF);
      }
    }
  }

  /** One directory entry as getdents64 reports it. */
  record DirEntry(long ino, int type, String name) {}

  /** An open directory: its entries are read once, sorted by name for determinism. */
  static final class Directory extends OpenFile {
    final Path path;
    final String guestPath;
    private List<DirEntry> entries;
    int position;

    Directory(Path path, String guestPath, int flags) {
      super(flags);
      this.path = path;
      this.guestPath = guestPath;
    }

    List<DirEntry> entries() throws IOException {
      if (entries == null) {
        List<DirEntry> list = new ArrayList<>();
        list.add(new DirEntry(inode(path), DT_DIR, "."));
        Path parent = path.getParent() == null ? path : path.getParent();
        list.add(new DirEntry(inode(parent), DT_DIR, ".."));
        try (Stream<Path> s = Files.list(path)) {
          s.map(p -> p.getFileName().toString())
              .sorted()
              .forEach(n -> list.add(entryOf(path.resolve(n), n)));
        }
        entries = list;
      }
      return entries;
    }

    @Override
    long read(MemorySegment dst) {
      throw new SyscallError(Errno.EISDIR);
    }

    @Override
    long seek(long offset, int whence) {
      if (whence != LinuxFlags.SEEK_SET || offset < 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      position = (int) Math.min(offset, Integer.MAX_VALUE);
      return position;
    }

    @Override
    Stat stat(Kernel kernel) throws IOException {
      return statOf(path, false);
    }

    @Override
    String directoryPath() {
      return guestPath;
    }
  }

  static final int DT_UNKNOWN = 0;
  static final int DT_FIFO = 1;
  static final int DT_CHR = 2;
  static final int DT_DIR = 4;
  static final int DT_BLK = 6;
  static final int DT_REG = 8;
  static final int DT_LNK = 10;
  static final int DT_SOCK = 12;

  private static DirEntry entryOf(Path p, String name) {
    try {
      Stat s = statOf(p, true);
      return new DirEntry(s.ino(), (s.mode() >>> 12) & 0xf, name);
    } catch (IOException e) {
      return new DirEntry(0, DT_UNKNOWN, name);
    }
  }

  private static long inode(Path p) {
    try {
      return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  /**
   * st_blocks: 512-byte units allocated. Java does not expose the host's count, so it is what a 4
   * KiB-block file system allocates for a non-sparse file of {@code size} bytes (what ls -s and du
   * report for ordinary files on ext4, xfs and overlayfs).
   */
  static long allocatedBlocks(long size) {
    return (size + 4095) / 4096 * 8;
  }

  /** The host's stat of {@code path}; {@code noFollow} stats a symlink itself (lstat). */
  static Stat statOf(Path path, boolean noFollow) throws IOException {
    LinkOption[] options =
        noFollow ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
    Map<String, Object> a = Files.readAttributes(path, "unix:*", options);
    long size = ((Number) a.get("size")).longValue();
    FileTime at = (FileTime) a.get("lastAccessTime");
    FileTime mt = (FileTime) a.get("lastModifiedTime");
    FileTime ct = (FileTime) a.get("ctime");
    return new Stat(
        ((Number) a.get("dev")).longValue(),
        ((Number) a.get("ino")).longValue(),
        ((Number) a.get("mode")).intValue(),
        ((Number) a.get("nlink")).intValue(),
        ((Number) a.get("uid")).intValue(),
        ((Number) a.get("gid")).intValue(),
        ((Number) a.get("rdev")).longValue(),
        size,
        4096,
        allocatedBlocks(size),
        at.toInstant().getEpochSecond(),
        at.toInstant().getNano(),
        mt.toInstant().getEpochSecond(),
        mt.toInstant().getNano(),
        ct.toInstant().getEpochSecond(),
        ct.toInstant().getNano());
  }
}
