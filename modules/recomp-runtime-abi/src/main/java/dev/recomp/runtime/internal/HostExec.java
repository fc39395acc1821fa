package dev.recomp.runtime.internal;

import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.SyscallError;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * execve of a host program: it runs as a host process in place of the guest process, whose fds 0-2
 * are wired to it — the JVM's own stdio is inherited directly, anything else (a guest pipe, a
 * test's stream, a file) is pumped by {@link HostPump} threads. The guest process ends with the
 * host process's exit status once its output is drained.
 */
final class HostExec {
  private static final int CHUNK = 1 << 16;

  private HostExec() {}

  /**
   * Starts {@code host} with {@code argv} (argv[0] is replaced by the path, as the host sees it)
   * and {@code env}, closes the close-on-exec fds, lets a vfork parent go, waits, and ends the
   * process with the host status.
   *
   * @throws GuestExit always, once the host process has ended
   */
  static void run(Kernel k, Path host, List<String> argv, List<String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(host.toString());
    command.addAll(argv.subList(1, argv.size()));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> environment = pb.environment();
    environment.clear();
    for (String entry : env) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        environment.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    pb.directory(k.paths.resolve(k.cwd, ".", true).host().toFile());
    OpenFile in = k.fds.find(0);
    OpenFile out = k.fds.find(1);
    OpenFile err = k.fds.find(2);
    pb.redirectInput(
        inherits(in, 0) ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    pb.redirectOutput(outputRedirect(out, 1));
    pb.redirectError(outputRedirect(err, 2));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new SyscallError(dev.recomp.runtime.Errno.ENOEXEC);
    }
    k.fds.closeOnExec();
    k.task.releaseVfork();
    List<Thread> drains = new ArrayList<>();
    if (pb.redirectInput() == ProcessBuilder.Redirect.PIPE) {
      if (in == null) {
        process.getOutputStream().close();
      } else {
        new HostPump("host-stdin", () -> feed(in, process.getOutputStream())).start();
      }
    }
    if (pb.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
      drains.add(pump(process.getInputStream(), out, "host-stdout"));
    }
    if (pb.redirectError() == ProcessBuilder.Redirect.PIPE) {
      drains.add(pump(process.getErrorStream(), err, "host-stderr"));
    }
    int status;
    try {
      status = process.waitFor();
      for (Thread t : drains) {
        t.join();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      status = 128 + dev.recomp.runtime.Signals.SIGKILL;
    }
    throw new GuestExit(Termination.exited(status));
  }

  private static boolean inherits(OpenFile f, int fd) {
    return switch (f) {
      case StreamFiles.Input i -> fd == 0 && i.stream() == System.in;
      case StreamFiles.Output o ->
          (fd == 1 && o.stream() == System.out) || (fd == 2 && o.stream() == System.err);
      case null, default -> false;
    };
  }

  private static ProcessBuilder.Redirect outputRedirect(OpenFile f, int fd) {
    if (f == null) {
      return ProcessBuilder.Redirect.DISCARD;
    }
    return inherits(f, fd) ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE;
  }

  /** Copies a host process's output into a guest file until it ends or the guest stops reading. */
  private static Thread pump(InputStream from, OpenFile to, String name) {
    Thread t =
        new HostPump(
            name,
            () -> {
              byte[] buf = new byte[CHUNK];
              try (from) {
                int n;
                while ((n = from.read(buf)) > 0) {
                  MemorySegment data = MemorySegment.ofArray(Arrays.copyOf(buf, n));
                  long done = 0;
                  while (done < n) {
                    done += to.write(data.asSlice(done));
                  }
                }
              } catch (IOException | RuntimeException e) {
                // The guest closed its end (EPIPE) or the host stream broke: stop copying; the
                // host process sees its pipe close, as it would on Linux.
              }
            });
    t.start();
    return t;
  }

  /** Feeds a guest file (stdin) to a host process until end of file. */
  private static void feed(OpenFile from, OutputStream to) {
    byte[] buf = new byte[CHUNK];
    try (to) {
      while (true) {
        long n = from.read(MemorySegment.ofArray(buf));
        if (n <= 0) {
          return;
        }
        to.write(buf, 0, (int) n);
        to.flush();
      }
    } catch (IOException | RuntimeException e) {
      // The host process stopped reading or the guest file broke: stop feeding.
    }
  }
}
