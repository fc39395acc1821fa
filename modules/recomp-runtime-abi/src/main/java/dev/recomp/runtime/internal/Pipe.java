package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * pipe2 within one guest thread: a growable byte queue. A read from an empty pipe whose write end
 * is still open could only be satisfied by another thread, so it is a deadlock.
 */
final class Pipe {
  private byte[] buffer = new byte[4096];
  private int head;
  private int tail;
  private boolean writerOpen = true;
  private boolean readerOpen = true;

  final OpenFile readEnd;
  final OpenFile writeEnd;

  Pipe(int flags) {
    readEnd = new ReadEnd(flags);
    writeEnd = new WriteEnd(flags | LinuxFlags.O_WRONLY);
  }

  private final class ReadEnd extends OpenFile {
    ReadEnd(int flags) {
      super(flags);
    }

    @Override
    long read(MemorySegment dst) {
      if (head == tail) {
        if (writerOpen) {
          if ((flags & LinuxFlags.O_NONBLOCK) != 0) {
            throw new SyscallError(Errno.EAGAIN);
          }
          throw new Deadlock("read from an empty pipe whose write end is open");
        }
        return 0;
      }
      int n = (int) Math.min(dst.byteSize(), tail - head);
      MemorySegment.copy(buffer, head, dst, ValueLayout.JAVA_BYTE, 0, n);
      head += n;
      return n;
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }

    @Override
    void closeHost() {
      readerOpen = false;
    }
  }

  private final class WriteEnd extends OpenFile {
    WriteEnd(int flags) {
      super(flags);
    }

    @Override
    long write(MemorySegment src) {
      if (!readerOpen) {
        throw new SyscallError(Errno.EPIPE);
      }
      int n = (int) src.byteSize();
      if (tail + n > buffer.length) {
        byte[] grown = new byte[Math.max(buffer.length * 2, tail - head + n)];
        System.arraycopy(buffer, head, grown, 0, tail - head);
        tail -= head;
        head = 0;
        buffer = grown;
      }
      MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, buffer, tail, n);
      tail += n;
      return n;
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }

    @Override
    void closeHost() {
      writerOpen = false;
    }
  }
}
