package dev.recomp.runtime;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a Linux guest process: its arguments and environment, the host resources it sees and
 * the limits it runs under. Build one with {@link #builder(List)}.
 *
 * @param argv the argument vector, argv[0] included
 * @param env the environment, "NAME=value" strings, in order
 * @param execPath what AT_EXECFN and /proc/self/exe name
 * @param addressSpaceSize bytes of guest address space to reserve (a multiple of 4 KiB)
 * @param sandboxRoot when present, the guest's "/" is this host directory and no path can leave it;
 *     when empty, guest paths are host paths (as under qemu-user)
 * @param cwd the guest's initial working directory (a guest path)
 * @param deterministic virtual clock and seeded getrandom instead of host time and entropy
 * @param seed the getrandom and AT_RANDOM seed in deterministic mode
 * @param strictSyscalls end the guest on an unimplemented syscall instead of returning ENOSYS
 * @param traceSyscalls keep a record of every syscall (name, arguments, result)
 * @param instructionLimit instructions the guest may execute, 0 for no limit
 * @param wallClockLimit how long the guest may run, empty for no limit
 * @param uid the user and group ids the guest sees (real and effective)
 * @param gid the group id the guest sees
 * @param stdin guest fd 0
 * @param stdout guest fd 1
 * @param stderr guest fd 2
 * @param diagnostics where the runtime prints its own reports (fault reports, summaries)
 * @param jvmStackSize JVM stack size of the thread guest code runs on; recompiled guest calls are
 *     JVM calls, so this bounds the guest's recursion depth before a stack-overflow fault
 */
public record LinuxConfig(
    List<String> argv,
    List<String> env,
    String execPath,
    long addressSpaceSize,
    Optional<Path> sandboxRoot,
    String cwd,
    boolean deterministic,
    long seed,
    boolean strictSyscalls,
    boolean traceSyscalls,
    long instructionLimit,
    Optional<Duration> wallClockLimit,
    int uid,
    int gid,
    InputStream stdin,
    OutputStream stdout,
    OutputStream stderr,
    PrintStream diagnostics,
    long jvmStackSize) {
  /** 4 GiB: room for the image, a brk heap, an mmap area and an 8 MiB stack. */
  public static final long DEFAULT_ADDRESS_SPACE = 4L << 30;

  /** 512 MiB of JVM stack for guest code. */
  public static final long DEFAULT_JVM_STACK = 512L << 20;

  /** Checks the invariants. */
  public LinuxConfig {
    argv = List.copyOf(argv);
    env = List.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must hold at least argv[0]");
    }
    Objects.requireNonNull(execPath, "execPath");
    Objects.requireNonNull(sandboxRoot, "sandboxRoot");
    Objects.requireNonNull(cwd, "cwd");
    Objects.requireNonNull(wallClockLimit, "wallClockLimit");
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    Objects.requireNonNull(diagnostics, "diagnostics");
  }

  /**
   * The configuration of the program an execve starts: its argv, environment, path and working
   * directory; limits, identity, sandbox and stdio streams are inherited.
   */
  public LinuxConfig forExec(List<String> newArgv, List<String> newEnv, String path, String dir) {
    return new LinuxConfig(
        newArgv,
        newEnv,
        path,
        addressSpaceSize,
        sandboxRoot,
        dir,
        deterministic,
        seed,
        strictSyscalls,
        traceSyscalls,
        instructionLimit,
        wallClockLimit,
        uid,
        gid,
        stdin,
        stdout,
        stderr,
        diagnostics,
        jvmStackSize);
  }

  /** A builder with qemu-user-like defaults: host file system, host time, the JVM's stdio. */
  public static Builder builder(List<String> argv) {
    return new Builder(argv);
  }

  /** Builds a {@link LinuxConfig}. */
  public static final class Builder {
    private final List<String> argv;
    private List<String> env = List.of();
    private String execPath;
    private long addressSpaceSize = DEFAULT_ADDRESS_SPACE;
    private Optional<Path> sandboxRoot = Optional.empty();
    private String cwd;
    private boolean deterministic;
    private long seed;
    private boolean strictSyscalls;
    private boolean traceSyscalls;
    private long instructionLimit;
    private Optional<Duration> wallClockLimit = Optional.empty();
    private int uid = HostIdentity.UID;
    private int gid = HostIdentity.GID;
    private InputStream stdin = new FileInputStream(FileDescriptor.in);
    private OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    private OutputStream stderr = new FileOutputStream(FileDescriptor.err);
    private PrintStream diagnostics = System.err;
    private long jvmStackSize = DEFAULT_JVM_STACK;

    private Builder(List<String> argv) {
      this.argv = List.copyOf(argv);
      this.execPath = argv.isEmpty() ? "" : argv.getFirst();
    }

    /** The environment. */
    public Builder env(List<String> value) {
      env = value;
      return this;
    }

    /** AT_EXECFN and /proc/self/exe (default: argv[0]). */
    public Builder execPath(String value) {
      execPath = value;
      return this;
    }

    /** Guest address space size in bytes. */
    public Builder addressSpaceSize(long value) {
      addressSpaceSize = value;
      return this;
    }

    /** Confine file access to {@code root}, which becomes the guest's "/" and initial cwd. */
    public Builder sandbox(Path root) {
      sandboxRoot = Optional.of(root);
      return this;
    }

    /** The initial working directory (a guest path). */
    public Builder cwd(String value) {
      cwd = value;
      return this;
    }

    /** Virtual clock and getrandom/AT_RANDOM seeded with {@code value}. */
    public Builder deterministic(long value) {
      deterministic = true;
      seed = value;
      return this;
    }

    /** Host clocks and host entropy (the default); undoes {@link #deterministic(long)}. */
    public Builder hostTime() {
      deterministic = false;
      return this;
    }

    /** End the guest on unimplemented syscalls. */
    public Builder strictSyscalls(boolean value) {
      strictSyscalls = value;
      return this;
    }

    /** Record every syscall. */
    public Builder traceSyscalls(boolean value) {
      traceSyscalls = value;
      return this;
    }

    /** Instruction budget, 0 for none. */
    public Builder instructionLimit(long value) {
      instructionLimit = value;
      return this;
    }

    /** Wall-clock limit. */
    public Builder wallClockLimit(Duration value) {
      wallClockLimit = Optional.of(value);
      return this;
    }

    /** The ids the guest sees. */
    public Builder identity(int userId, int groupId) {
      uid = userId;
      gid = groupId;
      return this;
    }

    /** Guest stdio. */
    public Builder stdio(InputStream in, OutputStream out, OutputStream err) {
      stdin = in;
      stdout = out;
      stderr = err;
      return this;
    }

    /** Where runtime reports go. */
    public Builder diagnostics(PrintStream value) {
      diagnostics = value;
      return this;
    }

    /** JVM stack size of the guest thread. */
    public Builder jvmStackSize(long value) {
      jvmStackSize = value;
      return this;
    }

    /** The config. */
    public LinuxConfig build() {
      String dir =
          cwd != null
              ? cwd
              : sandboxRoot.isPresent() ? "/" : Path.of("").toAbsolutePath().toString();
      return new LinuxConfig(
          argv,
          env,
          execPath,
          addressSpaceSize,
          sandboxRoot,
          dir,
          deterministic,
          seed,
          strictSyscalls,
          traceSyscalls,
          instructionLimit,
          wallClockLimit,
          uid,
          gid,
          stdin,
          stdout,
          stderr,
          diagnostics,
          jvmStackSize);
    }
  }

  /** The ids of the user running the JVM, which qemu-user also passes to its guest. */
  private static final class HostIdentity {
    static final int UID = owner("unix:uid");
    static final int GID = owner("unix:gid");

    private static int owner(String attribute) {
      try {
        return (Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), attribute);
      } catch (java.io.IOException | UnsupportedOperationException e) {
        return 0;
      }
    }
  }
}
