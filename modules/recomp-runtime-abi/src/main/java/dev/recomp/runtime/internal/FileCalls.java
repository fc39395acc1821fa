package dev.recomp.runtime.internal;

import static dev.recomp.runtime.internal.LinuxFlags.AT_EMPTY_PATH;
import static dev.recomp.runtime.internal.LinuxFlags.AT_FDCWD;
import static dev.recomp.runtime.internal.LinuxFlags.AT_REMOVEDIR;
import static dev.recomp.runtime.internal.LinuxFlags.AT_SYMLINK_NOFOLLOW;
import static dev.recomp.runtime.internal.LinuxFlags.FD_CLOEXEC;
import static dev.recomp.runtime.internal.LinuxFlags.F_DUPFD;
import static dev.recomp.runtime.internal.LinuxFlags.F_DUPFD_CLOEXEC;
import static dev.recomp.runtime.internal.LinuxFlags.F_GETFD;
import static dev.recomp.runtime.internal.LinuxFlags.F_GETFL;
import static dev.recomp.runtime.internal.LinuxFlags.F_SETFD;
import static dev.recomp.runtime.internal.LinuxFlags.F_SETFL;
import static dev.recomp.runtime.internal.LinuxFlags.O_ACCMODE;
import static dev.recomp.runtime.internal.LinuxFlags.O_APPEND;
import static dev.recomp.runtime.internal.LinuxFlags.O_CLOEXEC;
import static dev.recomp.runtime.internal.LinuxFlags.O_CREAT;
import static dev.recomp.runtime.internal.LinuxFlags.O_DIRECTORY;
import static dev.recomp.runtime.internal.LinuxFlags.O_EXCL;
import static dev.recomp.runtime.internal.LinuxFlags.O_NOFOLLOW;
import static dev.recomp.runtime.internal.LinuxFlags.O_NONBLOCK;
import static dev.recomp.runtime.internal.LinuxFlags.O_PATH;
import static dev.recomp.runtime.internal.LinuxFlags.O_RDONLY;
import static dev.recomp.runtime.internal.LinuxFlags.O_RDWR;
import static dev.recomp.runtime.internal.LinuxFlags.O_TRUNC;
import static dev.recomp.runtime.internal.LinuxFlags.O_WRONLY;

import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** File and fd syscalls. */
final class FileCalls {
  /** Linux's MAX_RW_COUNT: one read or write moves at most this much. */
  private static final long MAX_RW = 0x7ffff000L;

  private static final int IOV_MAX = 1024;
  static final String PROC_SELF_EXE = "/proc/self/exe";

  private FileCalls() {}

  static long read(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    if (a[2] == 0) {
      return 0;
    }
    return f.read(guestBuffer(k, a[1], a[2], AccessKind.WRITE));
  }

  static long write(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    if (a[2] == 0) {
      return 0;
    }
    return f.write(guestBuffer(k, a[1], a[2], AccessKind.READ));
  }

  static long pread64(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    if (a[3] < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return a[2] == 0 ? 0 : f.pread(guestBuffer(k, a[1], a[2], AccessKind.WRITE), a[3]);
  }

  static long pwrite64(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    if (a[3] < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    return a[2] == 0 ? 0 : f.pwrite(guestBuffer(k, a[1], a[2], AccessKind.READ), a[3]);
  }

  static long readv(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    long total = 0;
    for (long[] iov : iovecs(k, a[1], a[2])) {
      if (iov[1] == 0) {
        continue;
      }
      long n = f.read(guestBuffer(k, iov[0], iov[1], AccessKind.WRITE));
      total += n;
      if (n < iov[1]) {
        break;
      }
    }
    return total;
  }

  static long writev(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile f = k.fds.get(a[0]);
    long total = 0;
    for (long[] iov : iovecs(k, a[1], a[2])) {
      if (iov[1] == 0) {
        continue;
      }
      long n = f.write(guestBuffer(k, iov[0], iov[1], AccessKind.READ));
      total += n;
      if (n < iov[1]) {
        break;
      }
    }
    return total;
  }

  /** Reads and validates an iovec array (struct iovec: base u64, len u64). */
  private static List<long[]> iovecs(Kernel k, long address, long count) {
    if (count < 0 || count > IOV_MAX) {
      throw new SyscallError(Errno.EINVAL);
    }
    long[][] out = new long[(int) count][];
    long total = 0;
    for (int i = 0; i < count; i++) {
      long base = k.memory.load64(address + 16L * i);
      long len = k.memory.load64(address + 16L * i + 8);
      if (len < 0 || (total += len) < 0) {
        throw new SyscallError(Errno.EINVAL);
      }
      out[i] = new long[] {base, len};
    }
    return List.of(out);
  }

  /** The guest buffer of a read or write, EFAULT if none of it is accessible. */
  private static MemorySegment guestBuffer(Kernel k, long address, long length, AccessKind kind) {
    long len = Math.min(length, MAX_RW);
    if (length < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    GuestMemory m = k.memory;
    if (m.allows(address, len, kind)) {
      return m.view(address, len, kind);
    }
    // Linux transfers up to the first inaccessible page; only a buffer with no accessible
    // first byte fails outright.
    long end = address;
    while (end - address < len && m.allows(end, 1, kind)) {
      end = Math.min((end | (GuestMemory.PAGE_SIZE - 1)) + 1, address + len);
    }
    if (end == address) {
      throw new SyscallError(Errno.EFAULT);
    }
    return m.view(address, end - address, kind);
  }

  static long lseek(Kernel k, CpuState cpu, long[] a) throws IOException {
    return k.fds.get(a[0]).seek(a[1], (int) a[2]);
  }

  static long close(Kernel k, CpuState cpu, long[] a) throws IOException {
    k.fds.close(a[0]);
    return 0;
  }

  static long dup(Kernel k, CpuState cpu, long[] a) {
    return k.fds.add(k.fds.get(a[0]), false, 0);
  }

  static long dup3(Kernel k, CpuState cpu, long[] a) {
    OpenFile f = k.fds.get(a[0]);
    if (a[0] == a[1] || (a[2] & ~O_CLOEXEC) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    k.fds.install((int) a[1], f, (a[2] & O_CLOEXEC) != 0);
    return a[1];
  }

  static long fcntl(Kernel k, CpuState cpu, long[] a) {
    OpenFile f = k.fds.get(a[0]);
    int fd = (int) a[0];
    return switch ((int) a[1]) {
      case F_DUPFD -> k.fds.add(f, false, (int) a[2]);
      case F_DUPFD_CLOEXEC -> k.fds.add(f, true, (int) a[2]);
      case F_GETFD -> k.fds.cloexec(fd) ? FD_CLOEXEC : 0;
      case F_SETFD -> {
        k.fds.setCloexec(fd, (a[2] & FD_CLOEXEC) != 0);
        yield 0;
      }
      case F_GETFL -> f.flags;
      case F_SETFL -> {
        int changeable = O_APPEND | O_NONBLOCK;
        f.flags = (f.flags & ~changeable) | ((int) a[2] & changeable);
        yield 0;
      }
      default -> throw new SyscallError(Errno.EINVAL);
    };
  }

  /** No guest fd is a terminal: TCGETS and TIOCGWINSZ fail as on a pipe or file. */
  static long ioctl(Kernel k, CpuState cpu, long[] a) {
    k.fds.get(a[0]);
    throw new SyscallError(Errno.ENOTTY);
  }

  static long openat(Kernel k, CpuState cpu, long[] a) throws IOException {
    String path = k.path(a[1]);
    int flags = (int) a[2];
    boolean follow = (flags & O_NOFOLLOW) == 0;
    PathResolver.Resolved r = k.resolveAt(a[0], path, follow);
    Path host = r.host();
    int access = flags & O_ACCMODE;
    if (!follow && Files.isSymbolicLink(host)) {
      throw new SyscallError(Errno.ELOOP);
    }
    boolean cloexec = (flags & O_CLOEXEC) != 0;
    int kept = flags & ~O_CLOEXEC;
    if (Files.isDirectory(host)) {
      if (access != O_RDONLY || (flags & O_CREAT) != 0) {
        throw new SyscallError(Errno.EISDIR);
      }
      return k.fds.add(new HostFiles.Directory(host, r.guest(), kept), cloexec, 0);
    }
    if ((flags & O_DIRECTORY) != 0) {
      throw new SyscallError(
          Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR : Errno.ENOENT);
    }
    Set<OpenOption> options = new HashSet<>();
    if (access == O_RDONLY || access == O_RDWR || (flags & O_PATH) != 0) {
      options.add(StandardOpenOption.READ);
    }
    if (access == O_WRONLY || access == O_RDWR) {
      options.add(StandardOpenOption.WRITE);
      if ((flags & O_TRUNC) != 0) {
        options.add(StandardOpenOption.TRUNCATE_EXISTING);
      }
    }
    if ((flags & O_CREAT) != 0) {
      options.add(
          (flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
    }
    if (k.paths.sandboxed()) {
      options.add(LinkOption.NOFOLLOW_LINKS);
    }
    FileChannel channel =
        (flags & O_CREAT) != 0
            ? FileChannel.open(host, options, permissions((int) a[3] & ~k.umask))
            : FileChannel.open(host, options);
    return k.fds.add(new HostFiles.RegularFile(host, channel, kept), cloexec, 0);
  }

  private static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return PosixFilePermissions.asFileAttribute(set);
  }

  static long getdents64(Kernel k, CpuState cpu, long[] a) throws IOException {
    if (!(k.fds.get(a[0]) instanceof HostFiles.Directory dir)) {
      throw new SyscallError(Errno.ENOTDIR);
    }
    List<HostFiles.DirEntry> entries = dir.entries();
    long capacity = a[2];
    ByteBuffer out =
        ByteBuffer.allocate((int) Math.min(capacity, 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
    while (dir.position < entries.size()) {
      HostFiles.DirEntry e = entries.get(dir.position);
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      int reclen = (19 + name.length + 1 + 7) & ~7;
      if (reclen > out.remaining()) {
        if (out.position() == 0) {
          throw new SyscallError(Errno.EINVAL);
        }
        break;
      }
      int start = out.position();
      out.putLong(e.ino());
      out.putLong(dir.position + 1L);
      out.putShort((short) reclen);
      out.put((byte) e.type());
      out.put(name);
      out.position(start + reclen);
      dir.position++;
    }
    byte[] bytes = new byte[out.position()];
    out.get(0, bytes);
    k.memory.write(a[1], bytes);
    return bytes.length;
  }

  static long newfstatat(Kernel k, CpuState cpu, long[] a) throws IOException {
    String path = k.path(a[1]);
    int flags = (int) a[3];
    Stat stat;
    if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
      stat =
          (int) a[0] == AT_FDCWD
              ? HostFiles.statOf(k.resolveAt(a[0], ".", true).host(), false)
              : k.fds.get(a[0]).stat(k);
    } else {
      boolean follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
      stat = HostFiles.statOf(k.resolveAt(a[0], path, follow).host(), !follow);
    }
    k.memory.write(a[2], stat.encode());
    return 0;
  }

  static long fstat(Kernel k, CpuState cpu, long[] a) throws IOException {
    Stat stat = k.fds.get(a[0]).stat(k);
    k.memory.write(a[1], stat.encode());
    return 0;
  }

  static long readlinkat(Kernel k, CpuState cpu, long[] a) throws IOException {
    String path = k.path(a[1]);
    if (a[3] <= 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    String target;
    if (path.equals(PROC_SELF_EXE)) {
      // Linux names the executable by its absolute path (glibc's _dl_get_origin asserts it).
      String exec = k.config.execPath();
      target =
          exec.startsWith("/")
              ? exec
              : Path.of(k.config.cwd()).resolve(exec).normalize().toString();
    } else {
      Path host = k.resolveAt(a[0], path, false).host();
      if (!Files.isSymbolicLink(host)) {
        throw new SyscallError(
            Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.EINVAL : Errno.ENOENT);
      }
      target = Files.readSymbolicLink(host).toString();
    }
    byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
    int n = (int) Math.min(bytes.length, a[3]);
    byte[] out = new byte[n];
    System.arraycopy(bytes, 0, out, 0, n);
    k.memory.write(a[2], out);
    return n;
  }

  static long faccessat(Kernel k, CpuState cpu, long[] a) {
    Path host = k.resolveAt(a[0], k.path(a[1]), true).host();
    int mode = (int) a[2];
    if ((mode & ~7) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (!Files.exists(host)) {
      throw new SyscallError(Errno.ENOENT);
    }
    boolean ok =
        ((mode & 4) == 0 || Files.isReadable(host))
            && ((mode & 2) == 0 || Files.isWritable(host))
            && ((mode & 1) == 0 || Files.isExecutable(host));
    if (!ok) {
      throw new SyscallError(Errno.EACCES);
    }
    return 0;
  }

  static long unlinkat(Kernel k, CpuState cpu, long[] a) throws IOException {
    Path host = k.resolveAt(a[0], k.path(a[1]), false).host();
    boolean dir = Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS);
    if ((a[2] & ~AT_REMOVEDIR) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if ((a[2] & AT_REMOVEDIR) != 0 ? !dir && Files.exists(host, LinkOption.NOFOLLOW_LINKS) : dir) {
      throw new SyscallError((a[2] & AT_REMOVEDIR) != 0 ? Errno.ENOTDIR : Errno.EISDIR);
    }
    Files.delete(host);
    return 0;
  }

  static long mkdirat(Kernel k, CpuState cpu, long[] a) throws IOException {
    Path host = k.resolveAt(a[0], k.path(a[1]), false).host();
    Files.createDirectory(host, permissions((int) a[2] & ~k.umask & 0777));
    return 0;
  }

  static long renameat(Kernel k, CpuState cpu, long[] a) throws IOException {
    return rename(k, a[0], a[1], a[2], a[3], 0);
  }

  static long renameat2(Kernel k, CpuState cpu, long[] a) throws IOException {
    return rename(k, a[0], a[1], a[2], a[3], a[4]);
  }

  private static long rename(
      Kernel k, long oldDir, long oldPath, long newDir, long newPath, long flags)
      throws IOException {
    final long renameNoReplace = 1;
    if ((flags & ~renameNoReplace) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    Path from = k.resolveAt(oldDir, k.path(oldPath), false).host();
    Path to = k.resolveAt(newDir, k.path(newPath), false).host();
    if (flags == renameNoReplace) {
      Files.move(from, to, LinkOption.NOFOLLOW_LINKS);
    } else {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    }
    return 0;
  }

  static long getcwd(Kernel k, CpuState cpu, long[] a) {
    byte[] path = (k.cwd + "\0").getBytes(StandardCharsets.UTF_8);
    if (a[1] < path.length) {
      throw new SyscallError(Errno.ERANGE);
    }
    k.memory.write(a[0], path);
    return path.length;
  }

  static long chdir(Kernel k, CpuState cpu, long[] a) throws IOException {
    PathResolver.Resolved r = k.resolveAt(AT_FDCWD, k.path(a[0]), true);
    if (!Files.isDirectory(r.host())) {
      throw new SyscallError(Files.exists(r.host()) ? Errno.ENOTDIR : Errno.ENOENT);
    }
    k.cwd = k.paths.sandboxed() ? r.guest() : r.host().toRealPath().toString();
    return 0;
  }

  static long umask(Kernel k, CpuState cpu, long[] a) {
    int old = k.umask;
    k.umask = (int) a[0] & 0777;
    return old;
  }

  static long pipe2(Kernel k, CpuState cpu, long[] a) throws IOException {
    if ((a[1] & ~(O_CLOEXEC | O_NONBLOCK)) != 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    k.memory.check(a[0], 8, AccessKind.WRITE);
    Pipe pipe = new Pipe(k.system, (int) a[1] & O_NONBLOCK);
    boolean cloexec = (a[1] & O_CLOEXEC) != 0;
    int readFd = k.fds.add(pipe.readEnd, cloexec, 0);
    int writeFd;
    try {
      writeFd = k.fds.add(pipe.writeEnd, cloexec, 0);
    } catch (SyscallError e) {
      k.fds.close(readFd);
      throw e;
    }
    k.memory.store32(a[0], readFd);
    k.memory.store32(a[0] + 4, writeFd);
    return 0;
  }

  static long sendfile(Kernel k, CpuState cpu, long[] a) throws IOException {
    OpenFile out = k.fds.get(a[0]);
    OpenFile in = k.fds.get(a[1]);
    long offsetPtr = a[2];
    long offset = offsetPtr == 0 ? -1 : k.memory.load64(offsetPtr);
    long remaining = Math.min(a[3], MAX_RW);
    long total = 0;
    byte[] chunk = new byte[1 << 16];
    while (remaining > 0) {
      MemorySegment buf =
          MemorySegment.ofArray(chunk).asSlice(0, Math.min(chunk.length, remaining));
      long n = offset < 0 ? in.read(buf) : in.pread(buf, offset + total);
      if (n <= 0) {
        break;
      }
      long w = out.write(buf.asSlice(0, n));
      total += w;
      remaining -= w;
      if (w < n) {
        break;
      }
    }
    if (offsetPtr != 0) {
      try {
        k.memory.store64(offsetPtr, offset + total);
      } catch (GuestFault e) {
        throw new SyscallError(Errno.EFAULT);
      }
    }
    return total;
  }
}
