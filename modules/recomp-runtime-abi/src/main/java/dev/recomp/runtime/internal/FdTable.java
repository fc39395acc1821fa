package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The guest's file descriptors: lowest free number first, as POSIX requires. */
final class FdTable {
  static final int MAX_FDS = 1024;

  private record Slot(OpenFile file, boolean cloexec) {}

  private final Map<Integer, Slot> slots = new TreeMap<>();

  /** Installs {@code file} at the lowest free fd at or above {@code minimum}. */
  int add(OpenFile file, boolean cloexec, int minimum) {
    int fd = Math.max(minimum, 0);
    while (slots.containsKey(fd)) {
      fd++;
    }
    if (fd >= MAX_FDS) {
      throw new SyscallError(Errno.EMFILE);
    }
    install(fd, file, cloexec);
    return fd;
  }

  /** Installs {@code file} at {@code fd}, closing what was there (dup3). */
  void install(int fd, OpenFile file, boolean cloexec) {
    if (fd < 0 || fd >= MAX_FDS) {
      throw new SyscallError(Errno.EBADF);
    }
    file.retain();
    Slot old = slots.put(fd, new Slot(file, cloexec));
    if (old != null) {
      releaseQuietly(old.file());
    }
  }

  OpenFile get(long fd) {
    Slot s = fd >= 0 && fd < MAX_FDS ? slots.get((int) fd) : null;
    if (s == null) {
      throw new SyscallError(Errno.EBADF);
    }
    return s.file();
  }

  boolean cloexec(int fd) {
    get(fd);
    return slots.get(fd).cloexec();
  }

  void setCloexec(int fd, boolean value) {
    slots.put(fd, new Slot(get(fd), value));
  }

  void close(long fd) throws IOException {
    OpenFile f = get(fd);
    slots.remove((int) fd);
    f.release();
  }

  void closeAll() {
    for (Slot s : slots.values()) {
      releaseQuietly(s.file());
    }
    slots.clear();
  }

  private static void releaseQuietly(OpenFile f) {
    try {
      f.release();
    } catch (IOException e) {
      // Closing a host file the guest no longer uses: nothing to report to it.
    }
  }
}
