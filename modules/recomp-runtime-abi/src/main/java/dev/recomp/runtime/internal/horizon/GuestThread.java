package dev.recomp.runtime.internal.horizon;

import dev.recomp.runtime.CpuState;
import java.util.concurrent.Semaphore;

/**
 * One Horizon thread: its registers, its thread-local region (TPIDRRO_EL0), its handle, and where
 * it stands in the cooperative schedule. Each runs on its own JVM thread, but only the holder of
 * the baton runs guest code, so the schedule is deterministic.
 */
public final class GuestThread {
  /** Scheduling states. */
  enum State {
    CREATED,
    RUNNABLE,
    BLOCKED,
    EXITED
  }

  /** What a blocked thread waits for. */
  sealed interface Wait {}

  /** svcWaitSynchronization on these handles. */
  record WaitObjects(int[] handles) implements Wait {}

  /** svcArbitrateLock on the mutex word at {@code address}, to own it with {@code tag}. */
  record WaitMutex(long address, int tag) implements Wait {}

  final int handle;
  final CpuState cpu;
  final long tls;
  final Semaphore baton = new Semaphore(0);
  State state = State.CREATED;
  Wait wait;
  long waitSeq;
  long deadline = -1;
  int wakeResult;
  int wakeIndex = -1;
  boolean started;

  /** Instructions granted to {@link CpuState#budget} at the last refill. */
  long granted;

  GuestThread(int handle, CpuState cpu, long tls) {
    this.handle = handle;
    this.cpu = cpu;
    this.tls = tls;
  }

  /** The thread's handle. */
  public int handle() {
    return handle;
  }

  /** The thread's registers. */
  public CpuState cpu() {
    return cpu;
  }

  /** Instructions granted at the last budget refill (see {@code HorizonProcess}). */
  public long granted() {
    return granted;
  }

  /** Records a budget refill. */
  public void granted(long value) {
    granted = value;
  }
}
