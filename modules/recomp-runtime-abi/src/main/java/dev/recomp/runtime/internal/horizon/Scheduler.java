package dev.recomp.runtime.internal.horizon;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.Termination;
import dev.recomp.runtime.internal.horizon.GuestThread.State;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A deterministic cooperative scheduler: one guest thread runs at a time; it gives the CPU up only
 * in svcSleepThread (a yield), a blocking wait, or svcExitThread, and the next runnable thread in
 * creation order (round robin) takes over. A started thread first runs when the current one gives
 * the CPU up. Virtual time moves only through sleeps and expiring timeouts, so runs repeat exactly.
 */
public final class Scheduler {
  private final List<GuestThread> threads = new ArrayList<>();
  private final Consumer<GuestThread> launcher;
  private GuestThread current;
  private long waitSeq;
  private long now;

  /**
   * @param launcher starts the JVM thread of a guest thread the first time it is scheduled; that
   *     thread runs as the current one without waiting for the baton
   */
  public Scheduler(Consumer<GuestThread> launcher) {
    this.launcher = launcher;
  }

  /** Adds a thread (not yet runnable) and returns it. */
  public GuestThread create(int handle, CpuState cpu, long tls) {
    GuestThread t = new GuestThread(handle, cpu, tls);
    threads.add(t);
    return t;
  }

  /** Makes the first thread the running one. */
  public void startMain(GuestThread main) {
    main.state = State.RUNNABLE;
    main.started = true;
    current = main;
  }

  /** The thread running guest code now. */
  public GuestThread current() {
    return current;
  }

  /** Every thread, in creation order. */
  public List<GuestThread> threads() {
    return List.copyOf(threads);
  }

  /** The virtual time in nanoseconds. */
  public long now() {
    return now;
  }

  /** Advances the virtual time. */
  public void advance(long nanos) {
    now += nanos;
  }

  /** svcStartThread: the thread becomes runnable. */
  public boolean start(GuestThread t) {
    if (t.state != State.CREATED) {
      return false;
    }
    t.state = State.RUNNABLE;
    return true;
  }

  /** Whether a thread has exited (a thread handle is then signaled). */
  public static boolean signaled(GuestThread t) {
    return t.state == State.EXITED;
  }

  /** Gives the CPU to the next runnable thread, if any, and waits for it to come back. */
  public void yieldNow() {
    GuestThread self = current;
    GuestThread next = nextRunnable(self);
    if (next != null && next != self) {
      switchTo(next);
      await(self);
    }
  }

  /**
   * Blocks the current thread until {@link #wake} or the timeout (nanoseconds, negative for none).
   *
   * @return the wake result: the waker's result, or {@link Results#TIMED_OUT}
   */
  public int block(GuestThread.Wait wait, long timeout, CpuState cpu) {
    GuestThread self = current;
    self.state = State.BLOCKED;
    self.wait = wait;
    self.waitSeq = waitSeq++;
    self.deadline = timeout < 0 ? -1 : now + timeout;
    self.wakeIndex = -1;
    GuestThread next = nextOrTimeout(self, cpu);
    if (next != self) {
      switchTo(next);
      await(self);
    }
    return self.wakeResult;
  }

  /** Makes a blocked thread runnable with {@code result}. */
  public void wake(GuestThread t, int result, int index) {
    t.state = State.RUNNABLE;
    t.wait = null;
    t.deadline = -1;
    t.wakeResult = result;
    t.wakeIndex = index;
  }

  /** Threads blocked on the mutex at {@code address}, longest waiting first. */
  public List<GuestThread> mutexWaiters(long address) {
    return threads.stream()
        .filter(
            t ->
                t.state == State.BLOCKED
                    && t.wait instanceof GuestThread.WaitMutex m
                    && m.address() == address)
        .sorted(Comparator.comparingLong(t -> t.waitSeq))
        .toList();
  }

  /**
   * svcExitThread: the current thread ends, threads waiting on it wake, and the next one runs. The
   * caller unwinds its JVM thread with {@link ThreadExit} afterwards.
   *
   * @throws GuestExit when no thread is left (the process ends) or the rest wait forever
   */
  public void exitCurrent(CpuState cpu) {
    GuestThread self = current;
    self.state = State.EXITED;
    for (GuestThread t : threads) {
      if (t.state == State.BLOCKED && t.wait instanceof GuestThread.WaitObjects w) {
        for (int i = 0; i < w.handles().length; i++) {
          if (w.handles()[i] == self.handle) {
            wake(t, Results.SUCCESS, i);
            break;
          }
        }
      }
    }
    if (threads.stream().allMatch(t -> t.state == State.EXITED)) {
      throw new GuestExit(Termination.exited(0));
    }
    switchTo(nextOrTimeout(self, cpu));
  }

  /** The thread that runs after {@code self}, letting virtual time run to the next timeout. */
  private GuestThread nextOrTimeout(GuestThread self, CpuState cpu) {
    for (GuestThread t : threads) {
      if (t.state == State.BLOCKED && t.deadline >= 0 && t.deadline <= now) {
        wake(t, Results.TIMED_OUT, -1);
      }
    }
    GuestThread next = nextRunnable(self);
    if (next != null) {
      return next;
    }
    Optional<GuestThread> timed =
        threads.stream()
            .filter(t -> t.state == State.BLOCKED && t.deadline >= 0)
            .min(
                Comparator.comparingLong((GuestThread t) -> t.deadline)
                    .thenComparing(t -> t.waitSeq));
    if (timed.isEmpty()) {
      throw new GuestExit(
          Termination.of(
              Termination.Kind.DEADLOCK,
              "every guest thread waits and no timeout can end a wait",
              cpu));
    }
    GuestThread t = timed.get();
    now = Math.max(now, t.deadline);
    wake(t, Results.TIMED_OUT, -1);
    return t;
  }

  /** The first runnable thread after {@code self} in round-robin order, {@code self} last. */
  private GuestThread nextRunnable(GuestThread self) {
    int at = threads.indexOf(self);
    for (int i = 1; i <= threads.size(); i++) {
      GuestThread t = threads.get((at + i) % threads.size());
      if (t.state == State.RUNNABLE) {
        return t;
      }
    }
    return null;
  }

  private void switchTo(GuestThread next) {
    current = next;
    if (!next.started) {
      next.started = true;
      launcher.accept(next);
    } else {
      next.baton.release();
    }
  }

  private static void await(GuestThread self) {
    try {
      self.baton.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ThreadExit();
    }
  }
}
