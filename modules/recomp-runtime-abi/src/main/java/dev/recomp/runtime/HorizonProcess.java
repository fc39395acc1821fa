package dev.recomp.runtime;

import dev.recomp.runtime.internal.horizon.GuestThread;
import dev.recomp.runtime.internal.horizon.HorizonKernel;
import dev.recomp.runtime.internal.horizon.ThreadExit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Horizon (Switch) guest process: address space, threads, handles, heap, the IPC service registry
 * and the traces. Made by {@link HorizonLoader#load}; guest code enters the kernel through {@link
 * #supervisorCall} with the SVC number as the immediate.
 *
 * <p>Threads: every guest thread runs {@link GuestEntry#run} with its own {@link CpuState}, from
 * {@code cpu.pc} (so an entry must start from the state it is given, e.g. {@code cpu -> new
 * GuestContext(cpu, ...).runFrom(cpu.pc)}), on its own JVM thread. Only one runs at a time and
 * switches happen only in SVCs, so a run is deterministic.
 */
public final class HorizonProcess implements GuestProcess {
  /** Instructions granted per {@link CpuState#budget} refill when a limit is set. */
  static final long BUDGET_SLICE = 1L << 20;

  private final HorizonConfig config;
  private final GuestMemory memory;
  private final HorizonKernel kernel;
  private final GuestThread main;
  private final long entry;
  private final SortedSet<Long> blocks = new TreeSet<>(Long::compareUnsigned);
  private final List<Thread> hostThreads = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile Termination result;
  private GuestEntry guestEntry;
  private long executed;
  private long deadline;

  HorizonProcess(
      HorizonConfig config,
      GuestMemory memory,
      HorizonKernel kernel,
      GuestThread main,
      long entry) {
    this.config = config;
    this.memory = memory;
    this.kernel = kernel;
    this.main = main;
    this.entry = entry;
  }

  @Override
  public GuestMemory memory() {
    return memory;
  }

  @Override
  public CpuState mainThread() {
    return main.cpu();
  }

  @Override
  public RuntimeTrace trace() {
    return kernel.trace();
  }

  /** The entry point: the image base (homebrew starts at its first instruction). */
  public long entry() {
    return entry;
  }

  /** The configuration the process was started with. */
  public HorizonConfig config() {
    return config;
  }

  /** Every IPC request sent so far, in order. */
  public List<IpcRecord> ipcTrace() {
    return kernel.trace().ipcRequests();
  }

  /** Block addresses executed, when {@link HorizonConfig#recordBlocks} is on. */
  public SortedSet<Long> executedBlocks() {
    return Collections.unmodifiableSortedSet(blocks);
  }

  /** Instructions executed so far by every thread. */
  public long instructionsExecuted() {
    long total = executed;
    for (GuestThread t : kernel.scheduler().threads()) {
      total += t.granted() - t.cpu().budget;
    }
    return total;
  }

  /**
   * {@code SVC #immediate}: the immediate is the SVC number (switchbrew "SVC"); arguments and
   * results in X0-X7. An SVC the personality does not implement ends the run (exit status 121).
   */
  @Override
  public void supervisorCall(CpuState cpu, int immediate) {
    kernel.supervisorCall(cpu, immediate);
  }

  @Override
  public void budgetExpired(CpuState cpu) {
    GuestThread t = kernel.scheduler().current();
    executed += t.granted() - cpu.budget;
    if (config.recordBlocks()) {
      blocks.add(cpu.pc);
    }
    t.granted(0);
    cpu.budget = 0;
    if (config.instructionLimit() > 0 && executed >= config.instructionLimit()) {
      throw new GuestExit(
          Termination.of(
              Termination.Kind.INSTRUCTION_BUDGET,
              "executed " + executed + " instructions, the limit is " + config.instructionLimit(),
              cpu));
    }
    if (config.wallClockLimit().isPresent() && System.nanoTime() - deadline > 0) {
      throw new GuestExit(
          Termination.of(
              Termination.Kind.WALL_CLOCK,
              "ran longer than " + config.wallClockLimit().get(),
              cpu));
    }
    arm(t);
  }

  private void arm(GuestThread t) {
    long slice;
    if (config.recordBlocks()) {
      slice = 0;
    } else if (config.instructionLimit() > 0 || config.wallClockLimit().isPresent()) {
      slice = BUDGET_SLICE;
    } else {
      slice = Long.MAX_VALUE;
    }
    if (config.instructionLimit() > 0) {
      slice = Math.min(slice, config.instructionLimit() - executed);
    }
    t.granted(slice);
    t.cpu().budget = slice;
  }

  @Override
  public Termination run(GuestEntry guest) {
    guestEntry = guest;
    deadline = System.nanoTime() + config.wallClockLimit().orElse(Duration.ZERO).toNanos();
    launch(main);
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end(Termination.of(Termination.Kind.INTERNAL_ERROR, "interrupted", main.cpu()));
    }
    List<Thread> threads;
    synchronized (hostThreads) {
      threads = List.copyOf(hostThreads);
    }
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return finish(result);
  }

  /** Starts the JVM thread of a guest thread scheduled for the first time. */
  void launch(GuestThread t) {
    Thread host =
        new Thread(
            null,
            () -> body(t),
            "guest-thread-" + Integer.toHexString(t.handle()),
            config.jvmStackSize());
    host.setDaemon(true);
    hostThreads.add(host);
    host.start();
  }

  private void body(GuestThread t) {
    arm(t);
    Termination end;
    try {
      guestEntry.run(t.cpu());
      end =
          Termination.of(
              Termination.Kind.INTERNAL_ERROR, "guest entry returned without exiting", t.cpu());
    } catch (ThreadExit e) {
      return;
    } catch (GuestExit e) {
      end = e.termination();
    } catch (GuestFault f) {
      kernel.trace().fault(f);
      end = Termination.fault(f, t.cpu());
    } catch (StackOverflowError e) {
      GuestFault f = new GuestFault(AccessKind.WRITE, GuestFault.Cause.UNMAPPED, t.cpu().sp, 8);
      kernel.trace().fault(f);
      Termination fault = Termination.fault(f, t.cpu());
      end =
          new Termination(
              fault.kind(),
              fault.exitStatus(),
              "guest stack overflow: " + fault.message(),
              fault.cpu());
    } catch (RuntimeException | Error e) {
      StackTraceElement[] where = e.getStackTrace();
      end =
          Termination.of(
              Termination.Kind.INTERNAL_ERROR,
              e + (where.length > 0 ? " at " + where[0] : ""),
              t.cpu());
    }
    end(end);
  }

  private synchronized void end(Termination end) {
    if (result == null) {
      result = end;
      ended.countDown();
    }
  }

  private Termination finish(Termination end) {
    kernel.trace().terminated(end);
    if (!end.isNormalExit()) {
      end.report().forEach(config.diagnostics()::println);
      config.diagnostics().flush();
    }
    return end;
  }

  @Override
  public void close() {
    boolean threadsRemain;
    synchronized (hostThreads) {
      threadsRemain = hostThreads.stream().anyMatch(Thread::isAlive);
    }
    // A guest thread that outlived run's join may still write: see GuestMemory.retire.
    memory.release(threadsRemain);
  }
}
