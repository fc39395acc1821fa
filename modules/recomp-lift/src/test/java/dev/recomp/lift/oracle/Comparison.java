package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;
import java.util.ArrayList;
import java.util.List;

/** Field-by-field differences between an oracle result and ours. */
public final class Comparison {
  private Comparison() {}

  /** The differences, each as {@code name: expected E, got A}; empty when the results agree. */
  public static List<String> differences(OracleResult expected, OracleResult actual) {
    List<String> d = new ArrayList<>();
    check(d, "signal", expected.signal(), actual.signal());
    check(d, "pc", expected.pc(), actual.pc());
    if (expected.signal() != 5
        && expected.signal() == actual.signal()
        && reliableAddress(expected.faultAddress())) {
      check(d, "fault address", expected.faultAddress(), actual.faultAddress());
    }
    CpuState e = expected.out();
    CpuState a = actual.out();
    for (int i = 0; i < 31; i++) {
      check(d, "x" + i, e.x[i], a.x[i]);
    }
    check(d, "sp", e.sp, a.sp);
    check(d, "nzcv", e.nzcv, a.nzcv);
    check(d, "fpcr", e.fpcr, a.fpcr);
    check(d, "fpsr", e.fpsr, a.fpsr);
    check(d, "tpidr_el0", e.tpidrEl0, a.tpidrEl0);
    for (int i = 0; i < 32; i++) {
      check(d, "v" + i + ".lo", e.v[2 * i], a.v[2 * i]);
      check(d, "v" + i + ".hi", e.v[2 * i + 1], a.v[2 * i + 1]);
    }
    if (!expected.memory().equals(actual.memory())) {
      d.add("memory: expected " + expected.memory() + ", got " + actual.memory());
    }
    return d;
  }

  /**
   * qemu's fault address is only meaningful inside its 47-bit guest address space; beyond it qemu
   * reports 0 or the untranslated address, depending on the path that caught the access.
   */
  private static boolean reliableAddress(long address) {
    return address != 0 && Long.compareUnsigned(address, 1L << 47) < 0;
  }

  private static void check(List<String> d, String name, long expected, long actual) {
    if (expected != actual) {
      d.add(
          name
              + ": expected 0x"
              + Long.toHexString(expected)
              + ", got 0x"
              + Long.toHexString(actual));
    }
  }
}
