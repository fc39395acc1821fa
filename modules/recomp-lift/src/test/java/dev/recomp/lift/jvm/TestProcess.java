package dev.recomp.lift.jvm;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.RuntimeTrace;
import dev.recomp.runtime.Termination;

/**
 * A guest process for backend tests: a small address space with one data window, and a syscall with
 * a fixed, checkable effect (x0 = x0 * 3 + x8) so that compiled code and the interpreter can be
 * compared across it.
 */
final class TestProcess implements GuestProcess {
  static final long DATA = 0x20000;
  static final long DATA_SIZE = 0x2000;

  /** Never mapped: accesses here fault. */
  static final long HOLE = 0x40000;

  private final GuestMemory memory = GuestMemory.reserve(1L << 20);
  private final CpuState cpu = new CpuState();
  private final RuntimeTrace trace = new RuntimeTrace(false);
  private final long slice;

  /** Instructions counted in slices that ran out; see {@link #instructionsCounted}. */
  private long countedBefore;

  private int slicesRunOut;
  private int stopAfter = Integer.MAX_VALUE;

  TestProcess(long slice) {
    this.slice = slice;
    memory.map(DATA, DATA_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    cpu.budget = slice;
  }

  @Override
  public GuestMemory memory() {
    return memory;
  }

  @Override
  public CpuState mainThread() {
    return cpu;
  }

  @Override
  public RuntimeTrace trace() {
    return trace;
  }

  @Override
  public void supervisorCall(CpuState c, int immediate) {
    c.x[0] = c.x[0] * 3 + c.x[8] + immediate;
  }

  @Override
  public void budgetExpired(CpuState c) {
    countedBefore += slice - c.budget;
    c.budget = slice;
    if (++slicesRunOut == stopAfter) {
      throw new GuestExit(Termination.of(Termination.Kind.INSTRUCTION_BUDGET, "budget ran out", c));
    }
  }

  /** Ends the guest when its {@code slices}th slice runs out, as an instruction limit would. */
  void stopAfterSlices(int slices) {
    stopAfter = slices;
  }

  /**
   * Every instruction the guest counted off its budget so far. Exact whenever the budget is
   * checked: generated code counts every block but checks only at loop heads and entries, so when
   * it calls {@link #budgetExpired} may differ from the interpreter's, what it counted may not.
   */
  long instructionsCounted() {
    return countedBefore + slice - cpu.budget;
  }

  @Override
  public Termination run(GuestEntry entry) {
    throw new UnsupportedOperationException("backend tests call compiled code directly");
  }

  @Override
  public void close() {
    memory.close();
  }
}
