package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.SyscallError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Everything the guest processes started from one loaded program share inside the JVM: the id
 * counter (pids and tids come from one sequence, as in Linux), the table of live processes for kill
 * and wait, the futex wait queues, and one monitor on which every blocking guest wait sleeps.
 *
 * <p>One monitor for all waits keeps wake-ups simple (any state change notifies all) and makes a
 * global deadlock visible: when every guest thread is in an untimed wait, nothing can wake any of
 * them, and the last one to block reports the deadlock instead of hanging the JVM.
 */
public final class GuestSystem {
  private final Map<Integer, GuestTask> tasks = new HashMap<>();
  private final List<FutexWaiter> futexWaiters = new ArrayList<>();
  private int nextId;
  private int running;
  private int blocked;

  /** Counts every wake-up, so a deadlock check can tell that nothing happened while it waited. */
  private long wakeups;

  private static final long DEADLOCK_GRACE_MILLIS = 50;

  GuestSystem(int firstId) {
    this.nextId = firstId;
  }

  /** The next process or thread id. */
  synchronized int newId() {
    return nextId++;
  }

  synchronized void register(int id, GuestTask task) {
    tasks.put(id, task);
  }

  synchronized void unregister(int id) {
    tasks.remove(id);
  }

  /** The process owning pid or tid {@code id}, or null. */
  synchronized GuestTask task(int id) {
    return tasks.get(id);
  }

  /** Every live process, by pid. */
  synchronized List<GuestTask> tasks() {
    return tasks.entrySet().stream()
        .filter(e -> e.getKey() == e.getValue().pid)
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .toList();
  }

  synchronized void threadStarted() {
    running++;
  }

  synchronized void threadEnded() {
    running--;
    wakeups++;
    notifyAll();
  }

  /** Wakes every waiter to re-check its condition. */
  synchronized void wakeAll() {
    wakeups++;
    notifyAll();
  }

  /**
   * Waits on this monitor until {@code ready} holds, the timeout passes ({@code timeoutNanos < 0}:
   * never), or the calling guest thread is interrupted by a signal (SyscallError EINTR) or by the
   * end of its process (GuestExit). Callers hold the monitor or take it here.
   *
   * @return whether {@code ready} holds (false: timed out)
   * @throws Deadlock when every guest thread is in an untimed wait
   */
  synchronized boolean await(BooleanSupplier ready, long timeoutNanos) {
    Thread self = Thread.currentThread();
    GuestThread guest = self instanceof GuestThread g ? g : null;
    boolean counted = timeoutNanos < 0 && !(self instanceof HostPump);
    long deadline = System.nanoTime() + Math.max(timeoutNanos, 0);
    if (counted) {
      blocked++;
    }
    try {
      while (!ready.getAsBoolean()) {
        if (guest != null) {
          guest.kernel().checkInterrupted(guest.cpu());
        }
        if (timeoutNanos >= 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          wait(Math.max(1, left / 1_000_000), 0);
        } else {
          if (counted && blocked >= Math.max(running, 1)) {
            // A waiter already woken still counts as blocked until it runs again, so the
            // deadlock must outlast a grace period in which nobody is woken.
            long seen = wakeups;
            wait(DEADLOCK_GRACE_MILLIS);
            if (wakeups == seen && blocked >= Math.max(running, 1) && !ready.getAsBoolean()) {
              throw new Deadlock("every guest thread is waiting");
            }
            continue;
          }
          wait();
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyscallError(Errno.EINTR);
    } finally {
      if (counted) {
        blocked--;
      }
    }
  }

  /** A thread sleeping in FUTEX_WAIT on one word of one address space. */
  private static final class FutexWaiter {
    final GuestMemory memory;
    long address;
    final int bitset;
    boolean woken;

    FutexWaiter(GuestMemory memory, long address, int bitset) {
      this.memory = memory;
      this.address = address;
      this.bitset = bitset;
    }
  }

  /**
   * FUTEX_WAIT(_BITSET): sleeps while the word still holds {@code expected} until woken.
   *
   * @return false when the timeout passed
   */
  synchronized boolean futexWait(
      GuestMemory memory, long address, int expected, int bitset, long timeoutNanos) {
    if ((int) memory.load32(address) != expected) {
      throw new SyscallError(Errno.EAGAIN);
    }
    FutexWaiter w = new FutexWaiter(memory, address, bitset);
    futexWaiters.add(w);
    try {
      return await(() -> w.woken, timeoutNanos);
    } finally {
      futexWaiters.remove(w);
    }
  }

  /**
   * FUTEX_WAKE(_BITSET), and the requeue step of FUTEX_(CMP_)REQUEUE: wakes up to {@code count}
   * waiters on the word, then moves up to {@code requeue} of the rest to {@code target}.
   */
  synchronized int futexWake(
      GuestMemory memory, long address, int count, int bitset, int requeue, long target) {
    int woken = 0;
    int moved = 0;
    for (Iterator<FutexWaiter> it = futexWaiters.iterator(); it.hasNext(); ) {
      FutexWaiter w = it.next();
      if (w.memory != memory || w.address != address || w.woken) {
        continue;
      }
      if (woken < count && (w.bitset & bitset) != 0) {
        w.woken = true;
        woken++;
      } else if (moved < requeue) {
        w.address = target;
        moved++;
      }
    }
    if (woken > 0) {
      wakeups++;
      notifyAll();
    }
    return woken;
  }
}
