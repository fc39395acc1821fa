package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * An open file description: what a guest fd refers to. Several fds share one after dup, and with it
 * the file offset. Operations a kind of file does not support fail as Linux fails them.
 */
abstract class OpenFile {
  /** Open flags (access mode and status flags such as O_APPEND), for F_GETFL. */
  int flags;

  private int references;

  OpenFile(int flags) {
    this.flags = flags;
  }

  /** Reads into {@code dst}; returns the bytes read, 0 at end of file. */
  long read(MemorySegment dst) throws IOException {
    throw new SyscallError(Errno.EBADF);
  }

  /** Writes {@code src}; returns the bytes written. */
  long write(MemorySegment src) throws IOException {
    throw new SyscallError(Errno.EBADF);
  }

  /** Reads at {@code offset} without moving the file offset. */
  long pread(MemorySegment dst, long offset) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  /** Writes at {@code offset} without moving the file offset. */
  long pwrite(MemorySegment src, long offset) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  /** lseek. */
  long seek(long offset, int whence) throws IOException {
    throw new SyscallError(Errno.ESPIPE);
  }

  abstract Stat stat(Kernel kernel) throws IOException;

  static final int POLLIN = 1;
  static final int POLLOUT = 4;
  static final int POLLERR = 8;
  static final int POLLHUP = 16;
  static final int POLLNVAL = 32;

  /**
   * The poll events that hold now, of those asked for (POLLERR and POLLHUP are always reported).
   * Files, directories and stdio never block.
   */
  int poll(int events) {
    return events & (POLLIN | POLLOUT);
  }

  /** Guest path of a directory, for *at() calls relative to this fd. */
  String directoryPath() {
    throw new SyscallError(Errno.ENOTDIR);
  }

  synchronized void retain() {
    references++;
  }

  /** Drops one fd's reference; closes host resources with the last one. */
  void release() throws IOException {
    boolean last;
    synchronized (this) {
      last = --references == 0;
    }
    if (last) {
      closeHost();
    }
  }

  void closeHost() throws IOException {}
}
