package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The guest's file descriptors: lowest free number first, as POSIX requires. The threads of a
 * process share it, so every operation holds its monitor; files are released after leaving it,
 * because closing a pipe end takes the {@link GuestSystem} monitor.
 */
final class FdTable {
  static final int MAX_FDS = 1024;

  private record Slot(OpenFile file, boolean cloexec) {}

  private final Map<Integer, Slot> slots = new TreeMap<>();

  /** Installs {@code file} at the lowest free fd at or above {@code minimum}. */
  int add(OpenFile file, boolean cloexec, int minimum) {
    synchronized (this) {
      int fd = Math.max(minimum, 0);
      while (slots.containsKey(fd)) {
        fd++;
      }
      if (fd >= MAX_FDS) {
        throw new SyscallError(Errno.EMFILE);
      }
      file.retain();
      slots.put(fd, new Slot(file, cloexec));
      return fd;
    }
  }

  /** Installs {@code file} at {@code fd}, closing what was there (dup3). */
  void install(int fd, OpenFile file, boolean cloexec) {
    if (fd < 0 || fd >= MAX_FDS) {
      throw new SyscallError(Errno.EBADF);
    }
    Slot old;
    synchronized (this) {
      file.retain();
      old = slots.put(fd, new Slot(file, cloexec));
    }
    if (old != null) {
      releaseQuietly(old.file());
    }
  }

  synchronized OpenFile get(long fd) {
    Slot s = fd >= 0 && fd < MAX_FDS ? slots.get((int) fd) : null;
    if (s == null) {
      throw new SyscallError(Errno.EBADF);
    }
    return s.file();
  }

  /** The open file at {@code fd}, or null. */
  synchronized OpenFile find(int fd) {
    Slot s = slots.get(fd);
    return s == null ? null : s.file();
  }

  synchronized boolean cloexec(int fd) {
    get(fd);
    return slots.get(fd).cloexec();
  }

  synchronized void setCloexec(int fd, boolean value) {
    slots.put(fd, new Slot(get(fd), value));
  }

  void close(long fd) throws IOException {
    OpenFile f;
    synchronized (this) {
      f = get(fd);
      slots.remove((int) fd);
    }
    f.release();
  }

  void closeAll() {
    List<Slot> all;
    synchronized (this) {
      all = new ArrayList<>(slots.values());
      slots.clear();
    }
    all.forEach(s -> releaseQuietly(s.file()));
  }

  /** A forked child's table: the same open files (and offsets) under the same numbers. */
  synchronized FdTable copy() {
    FdTable child = new FdTable();
    slots.forEach(
        (fd, slot) -> {
          slot.file().retain();
          child.slots.put(fd, slot);
        });
    return child;
  }

  /** Closes the close-on-exec descriptors, as a successful execve does. */
  void closeOnExec() {
    List<Slot> closing = new ArrayList<>();
    synchronized (this) {
      slots
          .entrySet()
          .removeIf(
              e -> {
                if (e.getValue().cloexec()) {
                  closing.add(e.getValue());
                  return true;
                }
                return false;
              });
    }
    closing.forEach(s -> releaseQuietly(s.file()));
  }

  private static void releaseQuietly(OpenFile f) {
    try {
      f.release();
    } catch (IOException e) {
      // Closing a host file the guest no longer uses: nothing to report to it.
    }
  }
}
