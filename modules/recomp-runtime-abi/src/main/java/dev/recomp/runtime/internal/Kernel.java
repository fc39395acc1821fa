package dev.recomp.runtime.internal;

import dev.recomp.intake.GuestImage;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestEngine;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LoadException;
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
import java.util.function.Function;

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
  FdTable fds = new FdTable();
  final PathResolver paths;
  final GuestClock clock;
  final GuestRandom random;
  final MemoryLayout layout;
  String cwd;
  int umask = 022;
  long brk;
  String comm;
  volatile long signalMask;

  /** Signals raised but not yet delivered, bit (signal - 1). Changed under the system monitor. */
  volatile long pendingSignals;

  /** The mask rt_sigsuspend replaced, restored when its handler returns; -1 outside one. */
  long suspendedMask = -1;

  /** sigaltstack: base, size and flags (SS_DISABLE when none). */
  long altStackBase;

  long altStackSize;
  int altStackFlags = LinuxFlags.SS_DISABLE;

  /** System.nanoTime() at which the wall-clock limit passes; meaningful when {@link #limited}. */
  private long deadline;

  private boolean limited;

  /** getrlimit/prlimit64 values per resource: {soft, hard}. */
  final long[][] rlimits;

  /** rt_sigaction dispositions: handler, flags, restorer, mask per signal (index = signal). */
  final long[][] sigactions = new long[65][4];

  /** The processes this one shares the JVM with. */
  GuestSystem system;

  /** This process in the process table (kept across execve). */
  GuestTask task;

  /** The pid. */
  int pid;

  /** The parent's pid for the first process, which has no guest parent. */
  private final int rootParent;

  /** Runs guest code: needed to fork, start threads, exec images and run signal handlers. */
  GuestEngine engine;

  /** The {@link dev.recomp.runtime.GuestProcess} guest code of this program calls into. */
  GuestProcess process;

  /** Makes that facade for a kernel (the public process type lives outside this package). */
  Function<Kernel, GuestProcess> facades;

  private SharedMemory memoryUse;

  /** Creates the kernel state for a loaded process: the first of a new process tree. */
  public Kernel(LinuxConfig config, GuestMemory memory, MemoryLayout layout) throws IOException {
    this.config = config;
    this.memory = memory;
    this.memoryUse = new SharedMemory(memory);
    this.layout = layout;
    this.trace = new RuntimeTrace(config.traceSyscalls());
    this.paths = new PathResolver(config.sandboxRoot());
    this.clock = GuestClock.of(config.deterministic());
    this.random = GuestRandom.of(config.deterministic(), config.seed());
    this.pid = config.deterministic() ? 1000 : (int) ProcessHandle.current().pid();
    this.rootParent =
        config.deterministic()
            ? 999
            : ProcessHandle.current().parent().map(p -> (int) p.pid()).orElse(1);
    this.system = new GuestSystem(pid + 1);
    this.task = new GuestTask(system, pid, null, 0);
    task.kernel = this;
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

  /**
   * A forked child's kernel: a copy of {@code parent}'s state (fds share their open files) in
   * process {@code task}, on {@code memory} (a copy, or the parent's own for CLONE_VM).
   */
  private Kernel(Kernel parent, GuestTask task, SharedMemory memory) {
    this.config = parent.config;
    this.memory = memory.memory;
    this.memoryUse = memory;
    this.layout = parent.layout;
    this.trace = parent.trace;
    this.paths = parent.paths;
    this.clock = parent.clock;
    this.random = parent.random;
    this.rootParent = parent.rootParent;
    this.system = parent.system;
    this.task = task;
    this.pid = task.pid;
    this.engine = parent.engine;
    this.facades = parent.facades;
    this.loader = parent.loader;
    this.cwd = parent.cwd;
    this.umask = parent.umask;
    this.brk = parent.brk;
    this.comm = parent.comm;
    this.signalMask = parent.signalMask;
    this.altStackBase = parent.altStackBase;
    this.altStackSize = parent.altStackSize;
    this.altStackFlags = parent.altStackFlags;
    this.rlimits = new long[parent.rlimits.length][];
    for (int i = 0; i < rlimits.length; i++) {
      rlimits[i] = parent.rlimits[i].clone();
    }
    for (int i = 0; i < sigactions.length; i++) {
      sigactions[i] = parent.sigactions[i].clone();
    }
    this.fds = parent.fds.copy();
    this.limited = parent.limited;
    this.deadline = parent.deadline;
    this.process = facades.apply(this);
  }

  /** Loads an AArch64 image for execve into a new kernel (the loader lives outside). */
  @FunctionalInterface
  public interface ImageLoader {
    Kernel load(GuestImage image, LinuxConfig config, String what) throws LoadException;
  }

  /** Loads execve's images. */
  ImageLoader loader;

  /**
   * Attaches the public facade of this process, the way to make one for its children, and the
   * loader for execve.
   */
  public void bind(
      GuestProcess facade, Function<Kernel, GuestProcess> factory, ImageLoader imageLoader) {
    this.process = facade;
    this.facades = factory;
    this.loader = imageLoader;
  }

  /** The configuration. */
  public LinuxConfig config() {
    return config;
  }

  /** The address space. */
  public GuestMemory memory() {
    return memory;
  }

  /** The loader's layout. */
  public MemoryLayout layout() {
    return layout;
  }

  /**
   * Runs the main thread on a new guest thread with {@code engine} (or, without one, the single
   * entry {@code entry}), and waits until the process tree's first process ends.
   */
  public Termination runMain(GuestEngine engine, GuestProcess.GuestEntry entry, Budget budget)
      throws InterruptedException {
    this.engine = engine;
    GuestThread main =
        new GuestThread(task, pid, this, process, process.mainThread(), budget, entry);
    main.start();
    return task.awaitEnd();
  }

  /** A forked child: copies this process into a new one on a new guest thread. */
  Kernel fork(GuestTask child, boolean shareMemory) {
    SharedMemory space = shareMemory ? memoryUse.share() : new SharedMemory(memory.copy());
    Kernel k = new Kernel(this, child, space);
    child.kernel = k;
    return k;
  }

  /**
   * execve of an AArch64 image: {@code next} (freshly loaded) takes over this process — pid,
   * parent, fds without the close-on-exec ones, working directory, umask, signal mask, pending
   * signals and ignored dispositions; handlers reset to the default — and this program's address
   * space goes back to the host.
   */
  void replaceWith(Kernel next, GuestEngine nextEngine) {
    next.system = system;
    next.task = task;
    next.pid = pid;
    next.engine = nextEngine;
    next.facades = facades;
    next.loader = loader;
    next.fds.closeAll();
    next.fds = fds;
    fds.closeOnExec();
    next.cwd = cwd;
    next.umask = umask;
    next.signalMask = signalMask;
    next.pendingSignals = pendingSignals;
    next.limited = limited;
    next.deadline = deadline;
    next.rlimits[LinuxFlags.RLIMIT_NOFILE] = rlimits[LinuxFlags.RLIMIT_NOFILE].clone();
    for (int i = 1; i < sigactions.length; i++) {
      if (sigactions[i][0] == LinuxFlags.SIG_IGN) {
        next.sigactions[i][0] = LinuxFlags.SIG_IGN;
      }
    }
    task.kernel = next;
    releaseMemory();
  }

  int ppid() {
    return task.parent != null ? task.parent.pid : rootParent;
  }

  /**
   * Closes the first process for good: its files and address space, and those of the program it
   * exec'd into, if it did.
   */
  public void closeProcess() {
    closeFiles();
    releaseMemory();
    Kernel current = task.kernel;
    if (current != this) {
      current.closeFiles();
      current.releaseMemory();
    }
  }

  /** Gives the address space back once no process uses it. */
  public void releaseMemory() {
    SharedMemory use;
    synchronized (this) {
      use = memoryUse;
      memoryUse = null;
    }
    if (use != null) {
      // The calling thread itself is no straggler: it is exec'ing into a new address space or
      // ending the process.
      boolean threadsRemain;
      synchronized (task.system) {
        threadsRemain = task.threads.stream().anyMatch(t -> t != Thread.currentThread());
      }
      use.release(threadsRemain);
    }
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
    while (!attempt(cpu)) {
      // A handler with SA_RESTART ran while the call waited: run the call again.
    }
  }

  /**
   * One attempt at the syscall in {@code cpu}; false when it was interrupted by signals whose
   * handlers all asked for SA_RESTART and it must be made again.
   */
  private boolean attempt(CpuState cpu) {
    Termination ended = task.end;
    if (ended != null) {
      throw new GuestExit(ended);
    }
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
      return true;
    }
    long result;
    try {
      if (entry.blocking()) {
        result = entry.handler().call(this, cpu, args);
      } else {
        // Threads of one process share this state; calls that may block take no lock.
        synchronized (this) {
          result = entry.handler().call(this, cpu, args);
        }
      }
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
    } catch (GuestExit | ProcessReplaced | SignalReturn e) {
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
    boolean restart = false;
    if ((pendingSignals & ~signalMask) != 0) {
      restart =
          deliverPending(cpu)
              && result == Errno.EINTR.negative()
              && RESTARTABLE.contains(entry.name());
    }
    if (suspendedMask >= 0) {
      // rt_sigsuspend's temporary mask ends with the call unless a handler frame took it over.
      signalMask = suspendedMask;
      suspendedMask = -1;
    }
    if (restart) {
      cpu.x[0] = args[0];
      return false;
    }
    return true;
  }

  /** Calls Linux restarts after a handler with SA_RESTART interrupted them. */
  private static final java.util.Set<String> RESTARTABLE =
      java.util.Set.of(
          "read",
          "readv",
          "write",
          "writev",
          "pread64",
          "pwrite64",
          "sendfile",
          "wait4",
          "waitid",
          "futex");

  /**
   * Called by blocking waits: ends the waiting thread when its process has ended, and interrupts
   * the wait (EINTR) when a signal is ready for delivery.
   */
  void checkInterrupted(CpuState cpu) {
    Termination ended = task.end;
    if (ended != null) {
      throw new GuestExit(ended);
    }
    if ((pendingSignals & ~signalMask) != 0) {
      throw new SyscallError(Errno.EINTR);
    }
  }

  /**
   * A signal from another process or thread (kill, SIGCHLD). Ignored ones are dropped; one whose
   * default action terminates ends this process now unless it is blocked; the rest become pending
   * and wake the process's waits, to be delivered when a system call returns.
   */
  void post(int signal) {
    long bit = 1L << (signal - 1);
    long handler = sigactions[signal][0];
    boolean uncatchable = signal == Signals.SIGKILL;
    boolean blocked = !uncatchable && (signalMask & bit) != 0;
    if (!blocked && !uncatchable && ignores(signal, handler)) {
      return;
    }
    if (uncatchable || (!blocked && handler == LinuxFlags.SIG_DFL)) {
      CpuState where;
      synchronized (system) {
        where = task.threads.isEmpty() ? new CpuState() : task.threads.getFirst().cpu();
      }
      task.terminate(Termination.signaled(signal, where));
      return;
    }
    synchronized (system) {
      pendingSignals |= bit;
      system.wakeAll();
    }
  }

  /** Whether {@code signal} with disposition {@code handler} is dropped on arrival. */
  static boolean ignores(int signal, long handler) {
    return handler == LinuxFlags.SIG_IGN
        || (handler == LinuxFlags.SIG_DFL
            && (Signals.ignoredByDefault(signal) || LinuxFlags.stopsByDefault(signal)));
  }

  /**
   * Delivers the pending, unblocked signals as a system call returns: a handler runs on the guest
   * stack through the engine until it returns with rt_sigreturn; a default action ends the process;
   * without an engine, handled signals stay queued for {@link #takePendingSignal}.
   *
   * @return whether handlers ran and the last one has SA_RESTART
   */
  private boolean deliverPending(CpuState cpu) {
    boolean restart = false;
    while (true) {
      int signal;
      synchronized (system) {
        long deliverable = pendingSignals & ~signalMask;
        if (deliverable == 0) {
          return restart;
        }
        signal = Long.numberOfTrailingZeros(deliverable) + 1;
        if (engine == null && sigactions[signal][0] > LinuxFlags.SIG_IGN) {
          return false;
        }
        pendingSignals &= ~(1L << (signal - 1));
      }
      long handler = sigactions[signal][0];
      if (ignores(signal, handler)) {
        continue;
      }
      if (handler == LinuxFlags.SIG_DFL) {
        throw new GuestExit(Termination.signaled(signal, cpu));
      }
      restart = (sigactions[signal][1] & LinuxFlags.SA_RESTART) != 0;
      SignalFrames.deliver(this, cpu, signal);
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
    synchronized (system) {
      long deliverable = pendingSignals & ~signalMask;
      if (deliverable == 0) {
        return 0;
      }
      int signal = Long.numberOfTrailingZeros(deliverable) + 1;
      pendingSignals &= ~(1L << (signal - 1));
      return signal;
    }
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
    limits[6] = new long[] {4096, 4096}; // NPROC
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
      system.await(() -> false, Math.max(0, deadline - System.nanoTime()));
      throw new GuestExit(
          Termination.of(
              Termination.Kind.WALL_CLOCK,
              "ran longer than " + config.wallClockLimit().orElseThrow() + " (in a sleep)",
              cpu));
    }
    if (config.deterministic()) {
      clock.sleep(nanos);
    } else {
      // On the system monitor, so a signal or the end of the process cuts the sleep short.
      system.await(() -> false, nanos);
    }
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
