package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;
import java.util.SortedMap;

/**
 * The state after a case ran: the signal that ended it (5 = reached a BRK after the case's words,
 * 11 = SIGSEGV, 7 = SIGBUS, 4 = SIGILL), the PC it stopped at, the fault address for faults, the
 * registers, and every byte of the scratch window that differs from the template.
 */
public record OracleResult(
    int signal, long pc, long faultAddress, CpuState out, SortedMap<Integer, Integer> memory) {}
