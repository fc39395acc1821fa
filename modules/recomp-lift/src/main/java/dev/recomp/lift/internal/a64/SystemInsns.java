package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import java.util.List;
import java.util.Map;

/** Hints, barriers, MRS/MSR and DC ZVA, with the values a Cortex-A53 reports at EL0. */
final class SystemInsns {
  private SystemInsns() {}

  /** A system register as (op0, op1, CRn, CRm, op2) packed as in the MRS encoding bits 19-5. */
  private static int key(int op0, int op1, int crn, int crm, int op2) {
    return ((op0 - 2) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  }

  private static final int NZCV = key(3, 3, 4, 2, 0);
  private static final int FPCR = key(3, 3, 4, 4, 0);
  private static final int FPSR = key(3, 3, 4, 4, 1);
  private static final int TPIDR_EL0 = key(3, 3, 13, 0, 2);
  private static final int TPIDRRO_EL0 = key(3, 3, 13, 0, 3);
  private static final int CNTVCT_EL0 = key(3, 3, 14, 0, 2);

  /** Read-only registers with constant values on a Cortex-A53 (r0p4) as Linux shows them. */
  private static final Map<Integer, Long> CONSTANTS =
      Map.of(
          key(3, 3, 0, 0, 7), 0x4L, // DCZID_EL0: DC ZVA allowed, 64-byte blocks
          key(3, 3, 0, 0, 1), 0x8444_8004L, // CTR_EL0
          key(3, 0, 0, 0, 0), 0x410f_d034L, // MIDR_EL1
          key(3, 3, 14, 0, 0), Helper.COUNTER_FREQUENCY_HZ); // CNTFRQ_EL0

  /** FPCR bits that hold a value: AHP, DN, FZ, RMode, Stride, Len (no trap enables on A53). */
  private static final long FPCR_WRITABLE = 0x07f7_0000L;

  /** FPSR bits that hold a value: the AArch32 NZCV, QC and the cumulative exception flags. */
  private static final long FPSR_WRITABLE = 0xf800_009fL;

  /** NOP, YIELD, WFE, WFI, SEV, SEVL and the other hints, which do nothing at user level. */
  static void hint(Emitter e) {}

  /** CLREX, DSB, DMB, ISB (SB and others are not ARMv8.0). */
  static void barrier(Emitter e) {
    switch (e.field(5, 3)) {
      case 2 -> e.b.emit(new Op.ClearExclusive());
      case 4 -> e.b.emit(new Op.Barrier(Op.BarrierKind.DATA_SYNC));
      case 5 -> e.b.emit(new Op.Barrier(Op.BarrierKind.DATA_MEMORY));
      case 6 -> e.b.emit(new Op.Barrier(Op.BarrierKind.INSTRUCTION_SYNC));
      default -> e.trap(TrapKind.UNDEFINED, 0);
    }
  }

  /** MRS. */
  static void mrs(Emitter e) {
    int reg = e.field(5, 15);
    int rt = e.field(0, 5);
    Long constant = CONSTANTS.get(reg);
    if (constant != null) {
      e.setX(rt, e.k(Type.I64, constant));
    } else if (reg == NZCV) {
      e.setX(rt, e.nzcv());
    } else if (reg == FPCR) {
      e.setX(rt, e.b.get(GuestReg.FPCR));
    } else if (reg == FPSR) {
      e.setX(rt, e.b.get(GuestReg.FPSR));
    } else if (reg == TPIDR_EL0) {
      e.setX(rt, e.b.get(GuestReg.TPIDR_EL0));
    } else if (reg == TPIDRRO_EL0) {
      e.setX(rt, e.b.get(GuestReg.TPIDRRO_EL0));
    } else if (reg == CNTVCT_EL0) {
      e.setX(rt, e.b.callHelper(Helper.READ_CNTVCT, List.of()));
    } else {
      e.trap(TrapKind.UNIMPLEMENTED, 0);
    }
  }

  /** MSR (register). */
  static void msr(Emitter e) {
    int reg = e.field(5, 15);
    Value v = e.x(e.field(0, 5), true);
    if (reg == NZCV) {
      e.setNzcv(e.op(BinOp.AND, e.trunc(Type.I32, v), 0xf000_0000L));
    } else if (reg == FPCR) {
      e.b.set(GuestReg.FPCR, e.op(BinOp.AND, e.trunc(Type.I32, v), FPCR_WRITABLE));
    } else if (reg == FPSR) {
      e.b.set(GuestReg.FPSR, e.op(BinOp.AND, e.trunc(Type.I32, v), FPSR_WRITABLE));
    } else if (reg == TPIDR_EL0) {
      e.b.set(GuestReg.TPIDR_EL0, v);
    } else if (CONSTANTS.containsKey(reg) || reg == CNTVCT_EL0 || reg == TPIDRRO_EL0) {
      e.trap(TrapKind.UNDEFINED, 0);
    } else {
      e.trap(TrapKind.UNIMPLEMENTED, 0);
    }
  }

  /** SYS: DC ZVA zeroes a 64-byte block; cache maintenance by address is a no-op here. */
  static void sys(Emitter e) {
    int op = (e.field(16, 3) << 11) | (e.field(12, 4) << 7) | (e.field(8, 4) << 3) | e.field(5, 3);
    int dcZva = (3 << 11) | (7 << 7) | (4 << 3) | 1;
    int[] maintenance = {
      (3 << 11) | (7 << 7) | (10 << 3) | 1, // DC CVAC
      (3 << 11) | (7 << 7) | (11 << 3) | 1, // DC CVAU
      (3 << 11) | (7 << 7) | (14 << 3) | 1, // DC CIVAC
      (3 << 11) | (7 << 7) | (5 << 3) | 1 // IC IVAU
    };
    if (op == dcZva) {
      Value base = e.op(BinOp.AND, e.x(e.field(0, 5), true), ~63L);
      for (int i = 0; i < 64; i += 8) {
        e.store(e.add(base, i), e.k(Type.I64, 0));
      }
      return;
    }
    for (int m : maintenance) {
      if (op == m) {
        return;
      }
    }
    e.trap(TrapKind.UNIMPLEMENTED, 0);
  }
}
