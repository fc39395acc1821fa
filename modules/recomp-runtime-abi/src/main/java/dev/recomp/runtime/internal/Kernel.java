package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.MemoryLayout;
import dev.recomp.runtime.RuntimeTrace;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.SyscallError;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Linux personality's state for one guest process — memory, fd table, working directory,
 * program break, mmap area, signal dispositions, clock and entropy — and the syscall dispatcher
 * that runs {@link SyscallTable}'s handlers on it.
 */
public final class Kernel {
  /** Linux's PATH_MAX, terminator included. */
  static final int PATH_MAX = 4096;

  final LinuxConfig config;
  final GuestMemory memory;
  final RuntimeTrace trace;
  final FdTable fds = new FdTable();
  final PathResolver paths;
  final GuestClock clock;
  final GuestRandom random;
  final int pid;
  final int ppid;
  final MemoryLayout layout;
  String cwd;
  int umask = 022;
  long brk;
  String comm;
  long signalMask;

  /** Signals raised but not yet delivered, bit (signal - 1). */
  long pendingSignals;

  /** System.nanoTime() at which the wall-clock limit passes; meaningful when {@link #limited}. */
  private long deadline;

  private boolean limited;

  /** getrlimit/prlimit64 values per resource: {soft, hard}. */
  final long[][] rlimits;

  /** rt_sigaction dispositions: handler, flags, restorer, mask per signal (index = signal). */
  final long[][] sigactions = new long[65][4];

  /** Creates the kernel state for a loaded process. */
  public Kernel(LinuxConfig config, GuestMemory memory, MemoryLayout layout) throws IOException {
    this.config = config;
    this.memory = memory;
    this.layout = layout;
    this.trace = new RuntimeTrace(config.traceSyscalls());
    this.paths = new PathResolver(config.sandboxRoot());
    this.clock = GuestClock.of(config.deterministic());
    this.random = GuestRandom.of(config.deterministic(), config.seed());
    this.pid = config.deterministic() ? 1000 : (int) ProcessHandle.current().pid();
    this.ppid =
        config.deterministic()
            ? 999
            : ProcessHandle.current().parent().map(p -> (int) p.pid()).orElse(1);
    this.cwd = config.cwd();
    this.brk = layout.brkStart();
    this.rlimits = defaultLimits();
    String name =
        Path.of(config.argv().getFirst()).getFileName() == null
            ? config.argv().getFirst()
            : Path.of(config.argv().getFirst()).getFileName().toString();
    this.comm = name.length() > 15 ? name.substring(0, 15) : name;
    fds.install(0, new StreamFiles.Input(config.stdin()), false);
    fds.install(1, new StreamFiles.Output(config.stdout()), false);
    fds.install(2, new StreamFiles.Output(config.stderr()), false);
  }

  /** The trace. */
  public RuntimeTrace trace() {
    return trace;
  }

  /** Fills {@code bytes} from the guest's entropy source (AT_RANDOM, getrandom). */
  public void randomBytes(byte[] bytes) {
    random.fill(bytes);
  }

  int uid() {
    return config.uid();
  }

  int gid() {
    return config.gid();
  }

  /**
   * Executes the syscall described by {@code cpu} (number in X8, arguments in X0-X5) and writes the
   * result to X0.
   *
   * @throws GuestExit when the syscall ends the process
   */
  public void syscall(CpuState cpu) {
    long nr = cpu.x[8];
    long[] args = {cpu.x[0], cpu.x[1], cpu.x[2], cpu.x[3], cpu.x[4], cpu.x[5]};
    SyscallTable.Entry entry = SyscallTable.lookup(nr);
    if (entry == null) {
      int number = (int) nr;
      trace.unknownSyscall(number);
      trace.syscall(number, "syscall_" + nr, args, 6, Errno.ENOSYS.negative());
      if (config.strictSyscalls()) {
        throw new GuestExit(
            Termination.of(
                Termination.Kind.UNKNOWN_SYSCALL,
                "unimplemented syscall " + nr + " at pc 0x" + Long.toHexString(cpu.pc),
                cpu));
      }
      cpu.x[0] = Errno.ENOSYS.negative();
      return;
    }
    long result;
    try {
      result = entry.handler().call(this, cpu, args);
    } catch (SyscallError e) {
      result = e.errno().negative();
    } catch (GuestFault e) {
      result = Errno.EFAULT.negative();
    } catch (IOException e) {
      result = errnoOf(e).negative();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = Errno.EINTR.negative();
    } catch (UncheckedIOException e) {
      result = errnoOf(e.getCause()).negative();
    } catch (Deadlock e) {
      trace.syscall(entry.number(), entry.name(), args, entry.argCount(), 0);
      throw new GuestExit(
          Termination.of(Termination.Kind.DEADLOCK, entry.name() + ": " + e.getMessage(), cpu));
    } catch (GuestExit e) {
      trace.syscall(entry.number(), entry.name(), args, entry.argCount(), 0);
      throw e;
    }
    trace.syscall(entry.number(), entry.name(), args, entry.argCount(), result);
    cpu.x[0] = result;
    if (result == Errno.EPIPE.negative() && WRITES.contains(entry.name())) {
      // Writing to a pipe nobody reads also raises SIGPIPE, whose default action ends the
      // process (exit status 141), as `yes | head` relies on.
      ProcessCalls.signalSelf(this, cpu, Signals.SIGPIPE);
    }
  }

  private static final java.util.Set<String> WRITES =
      java.util.Set.of("write", "writev", "pwrite64", "sendfile");

  /** Reads a guest path argument. */
  String path(long address) {
    byte[] bytes = memory.readCString(address, PATH_MAX - 1);
    if (bytes == null) {
      throw new SyscallError(Errno.ENAMETOOLONG);
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Resolves a path argument of an *at() call against {@code dirfd}. */
  PathResolver.Resolved resolveAt(long dirfd, String path, boolean followLast) {
    String base;
    if (path.startsWith("/") || (int) dirfd == LinuxFlags.AT_FDCWD) {
      base = cwd;
    } else {
      base = fds.get(dirfd).directoryPath();
    }
    return paths.resolve(base, path, followLast);
  }

  /**
   * Takes the lowest pending signal that has a guest handler and is not blocked, or returns 0. The
   * execution engine calls this between blocks to deliver signals to guest handlers.
   */
  public int takePendingSignal() {
    long deliverable = pendingSignals & ~signalMask;
    if (deliverable == 0) {
      return 0;
    }
    int signal = Long.numberOfTrailingZeros(deliverable) + 1;
    pendingSignals &= ~(1L << (signal - 1));
    return signal;
  }

  /** The guest's sigaction for {@code signal}: handler, flags, restorer, mask. */
  public long[] sigaction(int signal) {
    return sigactions[signal].clone();
  }

  private long[][] defaultLimits() {
    final long infinity = -1L;
    long stack = layout.stackTop() - layout.stackLow();
    long[][] limits = new long[16][];
    limits[0] = new long[] {infinity, infinity}; // CPU
    limits[1] = new long[] {infinity, infinity}; // FSIZE
    limits[2] = new long[] {infinity, infinity}; // DATA
    limits[3] = new long[] {stack, infinity}; // STACK
    limits[4] = new long[] {0, infinity}; // CORE
    limits[5] = new long[] {infinity, infinity}; // RSS
    limits[6] = new long[] {1, 1}; // NPROC: one guest process
    limits[7] = new long[] {FdTable.MAX_FDS, FdTable.MAX_FDS}; // NOFILE
    limits[8] = new long[] {8L << 20, 8L << 20}; // MEMLOCK
    limits[9] = new long[] {memory.size(), memory.size()}; // AS
    limits[10] = new long[] {infinity, infinity}; // LOCKS
    limits[11] = new long[] {0, 0}; // SIGPENDING
    limits[12] = new long[] {819200, 819200}; // MSGQUEUE
    limits[13] = new long[] {0, 0}; // NICE
    limits[14] = new long[] {0, 0}; // RTPRIO
    limits[15] = new long[] {infinity, infinity}; // RTTIME
    return limits;
  }

  /** Starts the wall-clock limit, if the config has one; called when the guest starts running. */
  public void startWallClock() {
    limited = config.wallClockLimit().isPresent();
    deadline = System.nanoTime() + config.wallClockLimit().map(d -> d.toNanos()).orElse(0L);
  }

  /**
   * Sleeps for the guest; a host-time sleep that would outlast the wall-clock limit ends the guest
   * when the limit passes instead.
   */
  void sleep(CpuState cpu, long nanos) throws InterruptedException {
    if (limited && !config.deterministic() && nanos > deadline - System.nanoTime()) {
      clock.sleep(Math.max(0, deadline - System.nanoTime()));
      throw new GuestExit(
          Termination.of(
              Termination.Kind.WALL_CLOCK,
              "ran longer than " + config.wallClockLimit().orElseThrow() + " (in a sleep)",
              cpu));
    }
    clock.sleep(nanos);
  }

  /** Closes every open host file. */
  public void closeFiles() {
    fds.closeAll();
  }

  private static final Map<String, Errno> REASONS =
      Map.of(
          "Is a directory", Errno.EISDIR,
          "Not a directory", Errno.ENOTDIR,
          "Directory not empty", Errno.ENOTEMPTY,
          "Too many levels of symbolic links", Errno.ELOOP,
          "File name too long", Errno.ENAMETOOLONG,
          "Invalid cross-device link", Errno.EXDEV,
          "Read-only file system", Errno.EROFS,
          "No space left on device", Errno.ENOSPC,
          "Permission denied", Errno.EACCES,
          "Operation not permitted", Errno.EPERM);

  /** The errno a host I/O failure corresponds to. */
  static Errno errnoOf(IOException e) {
    return switch (e) {
      case NoSuchFileException x -> Errno.ENOENT;
      case FileAlreadyExistsException x -> Errno.EEXIST;
      case DirectoryNotEmptyException x -> Errno.ENOTEMPTY;
      case AccessDeniedException x -> Errno.EACCES;
      case NotDirectoryException x -> Errno.ENOTDIR;
      case NotLinkException x -> Errno.EINVAL;
      case FileSystemLoopException x -> Errno.ELOOP;
      case FileSystemException x when x.getReason() != null ->
          REASONS.getOrDefault(x.getReason(), Errno.EIO);
      default -> Errno.EIO;
    };
  }
}
