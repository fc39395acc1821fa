package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The guest's stdio: host streams passed through byte for byte. */
final class StreamFiles {
  private StreamFiles() {}

  static final class Input extends OpenFile {
    private final InputStream in;

    Input(InputStream in) {
      super(LinuxFlags.O_RDONLY);
      this.in = in;
    }

    InputStream stream() {
      return in;
    }

    @Override
    long read(MemorySegment dst) throws IOException {
      byte[] buf = new byte[(int) Math.min(dst.byteSize(), 1 << 16)];
      int n = in.read(buf);
      if (n <= 0) {
        return 0;
      }
      MemorySegment.copy(buf, 0, dst, ValueLayout.JAVA_BYTE, 0, n);
      return n;
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }
  }

  static final class Output extends OpenFile {
    private final OutputStream out;

    Output(OutputStream out) {
      super(LinuxFlags.O_WRONLY);
      this.out = out;
    }

    OutputStream stream() {
      return out;
    }

    @Override
    long write(MemorySegment src) throws IOException {
      try {
        out.write(src.toArray(ValueLayout.JAVA_BYTE));
        out.flush();
      } catch (IOException e) {
        throw new SyscallError(Errno.EPIPE);
      }
      return src.byteSize();
    }

    @Override
    Stat stat(Kernel kernel) {
      return Stat.stream(Stat.S_IFIFO, kernel.uid(), kernel.gid());
    }
  }
}
