package dev.recomp.runtime;

import java.util.List;

/**
 * One guest system call as traced.
 *
 * @param seq position in the trace, from 0
 * @param number the syscall number (X8)
 * @param name its name, or "syscall_<n>" when the personality does not know it
 * @param args the arguments the syscall takes (X0 upward)
 * @param result the value returned in X0 (negative errno on failure)
 */
public record SyscallRecord(long seq, int number, String name, List<Long> args, long result) {
  /** Makes {@code args} unmodifiable. */
  public SyscallRecord {
    args = List.copyOf(args);
  }
}
