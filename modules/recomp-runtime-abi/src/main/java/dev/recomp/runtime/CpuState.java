package dev.recomp.runtime;

/**
 * The user-mode register file of one AArch64 guest thread. Public mutable fields, because
 * recompiled code reads and writes them on every spill and reload; no accessor stands between
 * bytecode and a register.
 *
 * <p>Register 31 is SP or XZR depending on the instruction; {@link #x} therefore has 31 entries and
 * SP is the separate field {@link #sp}. Vector register {@code Vn} is {@code v[2n]} (bits 0-63) and
 * {@code v[2n+1]} (bits 64-127), the layout {@link GuestMemory#load128} fills.
 */
public final class CpuState {
  /** NZCV bit N (bit 31 of the NZCV system register). */
  public static final long N = 1L << 31;

  /** NZCV bit Z. */
  public static final long Z = 1L << 30;

  /** NZCV bit C. */
  public static final long C = 1L << 29;

  /** NZCV bit V. */
  public static final long V = 1L << 28;

  /** Value of {@link #exclusiveAddress} while the local exclusive monitor is open. */
  public static final long NO_EXCLUSIVE = -1L;

  /** How many branches {@link #branchHistory} keeps. */
  public static final int BRANCH_HISTORY = 16;

  /** X0-X30. */
  public final long[] x = new long[31];

  /** The stack pointer. */
  public long sp;

  /** The program counter: the current instruction when it was last stored. */
  public long pc;

  /** NZCV in its system-register layout (bits 31-28). */
  public long nzcv;

  /** V0-V31 as pairs of longs: low half at {@code 2n}, high half at {@code 2n + 1}. */
  public final long[] v = new long[64];

  /** FPCR. */
  public long fpcr;

  /** FPSR. */
  public long fpsr;

  /** TPIDR_EL0, the thread pointer. */
  public long tpidrEl0;

  /** TPIDRRO_EL0, read-only to EL0. */
  public long tpidrroEl0;

  /**
   * The address the local exclusive monitor is armed for by a load-exclusive, or {@link
   * #NO_EXCLUSIVE}.
   */
  public long exclusiveAddress = NO_EXCLUSIVE;

  /** Access size in bytes of the armed load-exclusive. */
  public int exclusiveSize;

  /**
   * The value the load-exclusive read (low 64 bits for a pair); a store-exclusive succeeds only if
   * memory still holds it, which is how a single-copy monitor is emulated on a host without one.
   */
  public long exclusiveValue;

  /** High 64 bits read by a 128-bit load-exclusive pair. */
  public long exclusiveValueHigh;

  /**
   * Instructions the guest may still run before it must call {@link
   * GuestProcess#budgetExpired(CpuState)}. Recompiled code subtracts each block's length and calls
   * out when this is negative at a loop head or an entry (at most one loop-free path late); the
   * process refills it in slices so it can also check the wall clock.
   */
  public long budget = Long.MAX_VALUE;

  /**
   * Recent taken branches as (source, target) pairs in a ring; {@link #branchCount} counts every
   * branch ever recorded. For fault reports.
   */
  public final long[] branchHistory = new long[2 * BRANCH_HISTORY];

  /** How many branches {@link #recordBranch} has seen. */
  public long branchCount;

  /** Records a taken branch from {@code source} to {@code target} in the ring. */
  public void recordBranch(long source, long target) {
    int slot = (int) (branchCount++ & (BRANCH_HISTORY - 1)) << 1;
    branchHistory[slot] = source;
    branchHistory[slot + 1] = target;
  }

  /** The recorded branches, oldest first, as (source, target) pairs. */
  public long[][] recentBranches() {
    int n = (int) Math.min(branchCount, BRANCH_HISTORY);
    long[][] out = new long[n][];
    for (int i = 0; i < n; i++) {
      int slot = (int) ((branchCount - n + i) & (BRANCH_HISTORY - 1)) << 1;
      out[i] = new long[] {branchHistory[slot], branchHistory[slot + 1]};
    }
    return out;
  }

  /** Closes the exclusive monitor (CLREX, or any store-exclusive). */
  public void clearExclusive() {
    exclusiveAddress = NO_EXCLUSIVE;
  }

  /** A deep copy, for snapshots and differential comparison. */
  public CpuState copy() {
    CpuState c = new CpuState();
    System.arraycopy(x, 0, c.x, 0, x.length);
    System.arraycopy(v, 0, c.v, 0, v.length);
    System.arraycopy(branchHistory, 0, c.branchHistory, 0, branchHistory.length);
    c.sp = sp;
    c.pc = pc;
    c.nzcv = nzcv;
    c.fpcr = fpcr;
    c.fpsr = fpsr;
    c.tpidrEl0 = tpidrEl0;
    c.tpidrroEl0 = tpidrroEl0;
    c.exclusiveAddress = exclusiveAddress;
    c.exclusiveSize = exclusiveSize;
    c.exclusiveValue = exclusiveValue;
    c.exclusiveValueHigh = exclusiveValueHigh;
    c.budget = budget;
    c.branchCount = branchCount;
    return c;
  }
}
