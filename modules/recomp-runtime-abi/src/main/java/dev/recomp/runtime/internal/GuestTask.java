package dev.recomp.runtime.internal;

import dev.recomp.runtime.Signals;
import dev.recomp.runtime.Termination;
import java.util.ArrayList;
import java.util.List;

/**
 * One guest process as the process table sees it: its pid, parent and children, its threads, and
 * how it ended. It outlives execve (which swaps the {@link Kernel}, the program's state) and stays
 * as a zombie after it ends until its parent reaps it with wait4. Guarded by the {@link
 * GuestSystem} monitor.
 */
final class GuestTask {
  final GuestSystem system;
  final int pid;
  final GuestTask parent;

  /** The signal the parent gets when this process ends (clone's low byte; SIGCHLD for fork). */
  final int exitSignal;

  final List<GuestTask> children = new ArrayList<>();
  final List<GuestThread> threads = new ArrayList<>();
  volatile Kernel kernel;

  /** How the process ended; null while it runs. Set once. */
  volatile Termination end;

  /** Set once a vfork child has exec'd or ended, releasing its parent. */
  boolean vforkReleased;

  GuestTask(GuestSystem system, int pid, GuestTask parent, int exitSignal) {
    this.system = system;
    this.pid = pid;
    this.parent = parent;
    this.exitSignal = exitSignal;
    system.register(pid, this);
  }

  /**
   * A thread has ended. A thread leaving with exit(2) ends only itself while other threads remain;
   * anything else (exit_group, a fatal signal, a fault) ends the whole process.
   */
  void threadEnded(GuestThread thread, Termination how, boolean threadOnly) {
    boolean last;
    synchronized (system) {
      threads.remove(thread);
      if (thread.tid != pid) {
        system.unregister(thread.tid);
      }
      last = threads.isEmpty();
    }
    if (!threadOnly || last) {
      terminate(how);
    }
  }

  /**
   * Ends the process with {@code how} (the first ending wins): the other threads stop at their next
   * system call, wait or budget check; files close, so pipe readers see end of file; the address
   * space goes back to the host once no process uses it; the parent gets its exit signal and is
   * woken.
   */
  void terminate(Termination how) {
    Kernel k;
    synchronized (system) {
      if (end != null) {
        return;
      }
      end = how;
      vforkReleased = true;
      for (GuestThread t : threads) {
        t.cpu().budget = 0;
      }
      k = kernel;
      system.wakeAll();
    }
    k.closeFiles();
    if (parent != null) {
      // The first process's memory stays for its caller to inspect until it closes the process.
      k.releaseMemory();
    }
    if (parent != null
        && how.kind() != Termination.Kind.EXITED
        && how.kind() != Termination.Kind.SIGNALED) {
      // The first process's report is printed by its run; a child's failure would go unseen.
      java.io.PrintStream out = k.config.diagnostics();
      out.println("recomp: process " + pid + ":");
      how.report().forEach(out::println);
      out.flush();
    }
    if (parent != null) {
      Kernel p = parent.kernel;
      if (exitSignal > 0 && exitSignal <= Signals.MAX) {
        p.post(exitSignal);
      }
    }
    system.wakeAll();
  }

  /** Lets a vfork parent continue: its child has exec'd or ended. */
  void releaseVfork() {
    synchronized (system) {
      vforkReleased = true;
      system.wakeAll();
    }
  }

  /** Blocks the calling (non-guest) thread until the process has ended. */
  Termination awaitEnd() throws InterruptedException {
    synchronized (system) {
      while (end == null) {
        system.wait();
      }
      return end;
    }
  }

  /** The wait status Linux reports for this ended process (wait4). */
  int waitStatus() {
    Termination t = end;
    return switch (t.kind()) {
      case EXITED -> (t.exitStatus() & 0xff) << 8;
      case SIGNALED, FAULT, ILLEGAL_INSTRUCTION -> (t.exitStatus() - 128) & 0x7f;
      default -> (t.exitStatus() & 0xff) << 8;
    };
  }
}
