package dev.recomp.runtime.internal;

import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.Termination;

/**
 * The Java thread that runs one guest thread: the main thread of a process, a forked child resuming
 * after its clone, or a pthread. It turns every way guest code can end into a {@link Termination}
 * for its process, and carries on in the new program when the thread execve's an AArch64 image.
 */
public final class GuestThread extends Thread {
  final GuestTask task;
  final int tid;
  private Kernel kernel;
  private GuestProcess process;
  private CpuState cpu;
  private Budget budget;
  private final GuestProcess.GuestEntry entry;

  /** CLONE_CHILD_CLEARTID / set_tid_address: zeroed and futex-woken when the thread exits. */
  long clearChildTid;

  /** How the thread ended when it left with exit(2) while other threads remain. */
  boolean threadOnly;

  GuestThread(
      GuestTask task,
      int tid,
      Kernel kernel,
      GuestProcess process,
      CpuState cpu,
      Budget budget,
      GuestProcess.GuestEntry entry) {
    super(null, null, "guest-" + tid, kernel.config.jvmStackSize());
    this.task = task;
    this.tid = tid;
    this.kernel = kernel;
    this.process = process;
    this.cpu = cpu;
    this.budget = budget;
    this.entry = entry;
    setDaemon(true);
    synchronized (task.system) {
      task.threads.add(this);
      if (tid != task.pid) {
        task.system.register(tid, task);
      }
    }
    task.system.threadStarted();
  }

  /** The guest thread running on the calling Java thread, or null. */
  public static GuestThread current() {
    return Thread.currentThread() instanceof GuestThread g ? g : null;
  }

  Kernel kernel() {
    return kernel;
  }

  CpuState cpu() {
    return cpu;
  }

  Budget budget() {
    return budget;
  }

  @Override
  public void run() {
    Termination end = runGuest();
    if (threadOnly && clearChildTid != 0) {
      try {
        kernel.memory.store32(clearChildTid, 0);
        task.system.futexWake(kernel.memory, clearChildTid, 1, -1, 0, 0);
      } catch (GuestFault e) {
        // The guest unmapped its tid word: nobody can be waiting on it.
      }
    }
    // The process's ending must be visible before this thread stops counting as running, or a
    // parent waiting for it could see every thread blocked and report a deadlock.
    task.threadEnded(this, end, threadOnly);
    task.system.threadEnded();
  }

  private Termination runGuest() {
    budget.start(cpu);
    while (true) {
      try {
        if (entry != null) {
          entry.run(cpu);
        } else {
          kernel.engine.resume(process, cpu);
        }
        return Termination.of(
            Termination.Kind.INTERNAL_ERROR, "guest entry returned without calling exit", cpu);
      } catch (ProcessReplaced r) {
        kernel = r.kernel();
        process = kernel.process;
        cpu = process.mainThread();
        budget = new Budget(kernel.config);
        budget.start(cpu);
      } catch (GuestExit e) {
        return e.termination();
      } catch (GuestFault f) {
        kernel.trace().fault(f);
        return Termination.fault(f, cpu);
      } catch (StackOverflowError e) {
        GuestFault f = new GuestFault(AccessKind.WRITE, GuestFault.Cause.UNMAPPED, cpu.sp, 8);
        kernel.trace().fault(f);
        Termination t = Termination.fault(f, cpu);
        return new Termination(
            t.kind(), t.exitStatus(), "guest stack overflow: " + t.message(), t.cpu());
      } catch (RuntimeException | Error e) {
        if (task.end != null) {
          return task.end;
        }
        StackTraceElement[] where = e.getStackTrace();
        return Termination.of(
            Termination.Kind.INTERNAL_ERROR, e + (where.length > 0 ? " at " + where[0] : ""), cpu);
      }
    }
  }

  /** {@link GuestProcess#budgetExpired} for this thread: its process may have ended meanwhile. */
  public void budgetExpired(CpuState state) {
    Termination end = task.end;
    if (end != null) {
      throw new GuestExit(end);
    }
    budget.expired(state);
  }
}
