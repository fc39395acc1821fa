package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * pipe2: a 64 KiB ring between guest threads and processes (and host processes through their
 * pumps). A reader of an empty pipe waits for a writer, a writer of a full one for a reader, both
 * on the {@link GuestSystem} monitor; when every guest thread waits, that is a deadlock. Writing
 * with no reader left is EPIPE (and SIGPIPE); reading with no writer left is end of file.
 */
final class Pipe {
  /** Linux's default pipe capacity. */
  static final int CAPACITY = 64 << 10;

  private final GuestSystem system;
  private final byte[] ring = new byte[CAPACITY];
  private long head;
  private long tail;
  private boolean writerOpen = true;
  private boolean readerOpen = true;

  final OpenFile readEnd;
  final OpenFile writeEnd;

  Pipe(GuestSystem system, int flags) {
    this.system = system;
    readEnd = new ReadEnd(flags);
    writeEnd = new WriteEnd(flags | LinuxFlags.O_WRONLY);
  }

  private final class ReadEnd extends OpenFile {
    ReadEnd(int flags) {
      super(flags);
    }

    @Override
    long read(MemorySegment dst) {
      synchronized (system) {
        if (head == tail && writerOpen && (flags & LinuxFlags.O_NONBLOCK) != 0) {
          throw new SyscallError(Errno.EAGAIN);
        }
        system.await(() -> head != tail || !writerOpen, -1);
        int n = (int) Math.min(dst.byteSize(), tail - head);
        for (int done = 0; done < n; ) {
          int at = (int) (head % CAPACITY);
          int chunk = Math.min(n - done, CAPACITY - at);
          MemorySegment.copy(ring, at, dst, ValueLayout.JAVA_BYTE, done, chunk);
          done += chunk;
          head += chunk;
        }
        system.wakeAll();
        return n;
      }
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }

    @Override
    int poll(int events) {
      synchronized (system) {
        return (head != tail ? events & POLLIN : 0) | (writerOpen ? 0 : POLLHUP);
      }
    }

    @Override
    void closeHost() {
      synchronized (system) {
        readerOpen = false;
        system.wakeAll();
      }
    }
  }

  private final class WriteEnd extends OpenFile {
    WriteEnd(int flags) {
      super(flags);
    }

    @Override
    long write(MemorySegment src) {
      synchronized (system) {
        long n = src.byteSize();
        long done = 0;
        while (done < n) {
          if (!readerOpen) {
            if (done > 0) {
              return done;
            }
            throw new SyscallError(Errno.EPIPE);
          }
          if (tail - head == CAPACITY) {
            if ((flags & LinuxFlags.O_NONBLOCK) != 0) {
              if (done > 0) {
                return done;
              }
              throw new SyscallError(Errno.EAGAIN);
            }
            try {
              system.await(() -> tail - head < CAPACITY || !readerOpen, -1);
            } catch (SyscallError e) {
              if (done > 0) {
                return done;
              }
              throw e;
            }
            continue;
          }
          int at = (int) (tail % CAPACITY);
          int chunk = (int) Math.min(n - done, Math.min(CAPACITY - (tail - head), CAPACITY - at));
          MemorySegment.copy(src, ValueLayout.JAVA_BYTE, done, ring, at, chunk);
          done += chunk;
          tail += chunk;
          system.wakeAll();
        }
        return done;
      }
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }

    @Override
    int poll(int events) {
      synchronized (system) {
        return !readerOpen ? POLLERR : tail - head < CAPACITY ? events & POLLOUT : 0;
      }
    }

    @Override
    void closeHost() {
      synchronized (system) {
        writerOpen = false;
        system.wakeAll();
      }
    }
  }
}
