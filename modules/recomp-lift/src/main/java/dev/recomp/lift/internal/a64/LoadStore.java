package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;

/**
 * Loads and stores: ARM ARM C4.1.87. Every access is emitted before any register write, so a
 * faulting instruction leaves the registers untouched.
 */
final class LoadStore {
  private LoadStore() {}

  /** What a single-register access does, from size, V and opc. */
  private record Access(boolean load, Type memory, boolean signed, boolean toX, boolean vector) {}

  private static Access access(Emitter e) {
    int size = e.field(30, 2);
    int opc = e.field(22, 2);
    if (e.bit(26)) {
      int log2 = (opc & 2) != 0 ? size + 4 : size;
      if (log2 > 4) {
        return null;
      }
      return new Access((opc & 1) != 0, Type.ofBytes(1 << log2), false, false, true);
    }
    Type memory = Type.ofBytes(1 << size);
    return switch (opc) {
      case 0 -> new Access(false, memory, false, size == 3, false);
      case 1 -> new Access(true, memory, false, size == 3, false);
      case 2 -> size == 3 ? null : new Access(true, memory, true, true, false);
      default -> size >= 2 ? null : new Access(true, memory, true, false, false);
    };
  }

  private static boolean isPrefetch(Emitter e) {
    return !e.bit(26) && e.field(30, 2) == 3 && e.field(22, 2) == 2;
  }

  /** LDR/STR family: unsigned offset, unscaled, pre/post-indexed, unprivileged, register offset. */
  static void single(Emitter e) {
    if (isPrefetch(e)) {
      return;
    }
    Access a = access(e);
    if (a == null) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    int rn = e.field(5, 5);
    int rt = e.field(0, 5);
    int scale = Integer.numberOfTrailingZeros(a.memory().bits() / 8);
    Value base = e.xsp(rn, true);
    Value address;
    Value writeback = null;
    if (e.bit(24)) {
      address = e.add(base, (long) e.field(10, 12) << scale);
    } else if (e.bit(21)) {
      int option = e.field(13, 3);
      if ((option & 2) == 0) {
        e.trap(TrapKind.UNDEFINED, 0);
        return;
      }
      Value offset = e.extend(e.x(e.field(16, 5), true), option, e.bit(12) ? scale : 0, Type.I64);
      address = e.op(BinOp.ADD, base, offset);
    } else {
      long imm9 = e.signedField(12, 9);
      int mode = e.field(10, 2);
      address = mode == 1 ? base : e.add(base, imm9);
      if (mode == 1 || mode == 3) {
        writeback = e.add(base, imm9);
      }
    }
    transfer(e, a, rt, address);
    if (writeback != null) {
      e.setXsp(rn, writeback);
    }
  }

  private static void transfer(Emitter e, Access a, int rt, Value address) {
    if (!a.load()) {
      e.store(address, part(e, a.vector(), rt, a.memory()));
      return;
    }
    Value v = e.load(a.memory(), address);
    writeLoaded(e, a, rt, v);
  }

  private static void writeLoaded(Emitter e, Access a, int rt, Value v) {
    if (a.vector()) {
      e.b.set(GuestReg.v(rt), e.zext(Type.I128, v));
      return;
    }
    Type to = a.toX() ? Type.I64 : Type.I32;
    Value widened = a.signed() ? e.sext(to, v) : e.zext(to, v);
    e.setX(rt, widened);
  }

  private static Value gprPart(Emitter e, int rt, Type memory) {
    return e.trunc(memory, e.x(rt, true));
  }

  /** {@code high:low} as one value of type {@code both}, twice as wide as each. */
  private static Value joined(Emitter e, Type both, Value low, Value high) {
    Value up = e.op(BinOp.SHL, e.zext(both, high), low.type().bits());
    return e.op(BinOp.OR, e.zext(both, low), up);
  }

  /** The upper half of {@code v}, as a value of type {@code half}. */
  private static Value highHalf(Emitter e, Type half, Value v) {
    return e.trunc(half, e.op(BinOp.LSHR, v, half.bits()));
  }

  private static Value part(Emitter e, boolean vector, int rt, Type memory) {
    return vector ? vectorPart(e, rt, memory) : gprPart(e, rt, memory);
  }

  private static Value vectorPart(Emitter e, int rt, Type memory) {
    return e.trunc(memory, e.b.get(GuestReg.v(rt)));
  }

  /** LDR (literal), LDRSW (literal), PRFM (literal), and the SIMD&FP forms. */
  static void literal(Emitter e) {
    int opc = e.field(30, 2);
    boolean vector = e.bit(26);
    if (!vector && opc == 3) {
      return;
    }
    if (vector && opc == 3) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    Value address = e.k(Type.I64, e.pc + (e.signedField(5, 19) << 2));
    Access a =
        vector
            ? new Access(true, Type.ofBytes(4 << opc), false, false, true)
            : new Access(
                true,
                opc == 0 ? Type.I32 : opc == 1 ? Type.I64 : Type.I32,
                opc == 2,
                opc != 0,
                false);
    writeLoaded(e, a, e.field(0, 5), e.load(a.memory(), address));
  }

  /** LDP, STP, LDPSW, LDNP, STNP and the SIMD&FP forms. */
  static void pair(Emitter e) {
    int opc = e.field(30, 2);
    boolean vector = e.bit(26);
    boolean load = e.bit(22);
    int mode = e.field(23, 2);
    if (opc == 3 || (!vector && opc == 1 && (!load || mode == 0))) {
      e.trap(TrapKind.UNDEFINED, 0);
      return;
    }
    boolean signed = !vector && opc == 1;
    Type memory = vector ? Type.ofBytes(4 << opc) : (opc == 2 ? Type.I64 : Type.I32);
    int bytes = memory.bits() / 8;
    long offset = e.signedField(15, 7) * bytes;
    int rn = e.field(5, 5);
    int rt = e.field(0, 5);
    int rt2 = e.field(10, 5);
    Value base = e.xsp(rn, true);
    Value address = mode == 1 ? base : e.add(base, offset);
    Access a = new Access(load, memory, signed, vector || signed || opc == 2, vector);
    if (bytes <= 8) {
      // One access of both registers' bytes: one bound and permission check instead of two (LDP
      // and STP are most of a prologue, an epilogue and glibc's memcpy). A fault is still at the
      // first byte that faults, and a store that faults writes neither register.
      Type both = Type.ofBytes(2 * bytes);
      if (load) {
        Value v = e.load(both, address);
        writeLoaded(e, a, rt, e.trunc(memory, v));
        writeLoaded(e, a, rt2, highHalf(e, memory, v));
      } else {
        e.store(
            address, joined(e, both, part(e, vector, rt, memory), part(e, vector, rt2, memory)));
      }
    } else {
      // Two Q registers, each its own access: there is no 256-bit one.
      Value second = e.add(address, bytes);
      if (load) {
        Value first = e.load(memory, address);
        Value next = e.load(memory, second);
        writeLoaded(e, a, rt, first);
        writeLoaded(e, a, rt2, next);
      } else {
        e.store(address, vectorPart(e, rt, memory));
        e.store(second, vectorPart(e, rt2, memory));
      }
    }
    if (mode == 1 || mode == 3) {
      e.setXsp(rn, e.add(base, offset));
    }
  }

  /**
   * Load/store exclusive and ordered: LDXR, STXR, LDAXR, STLXR, LDXP, STXP, LDAXP, STLXP, LDAR,
   * STLR. Ordered and exclusive accesses need natural alignment on this ARMv8.0 CPU.
   */
  static void exclusive(Emitter e) {
    int size = e.field(30, 2);
    boolean pair = e.bit(21);
    boolean load = e.bit(22);
    boolean ordered = e.bit(15);
    int rs = e.field(16, 5);
    int rn = e.field(5, 5);
    int rt = e.field(0, 5);
    int rt2 = e.field(10, 5);
    if (e.bit(23)) {
      if (pair || !ordered) {
        e.trap(TrapKind.UNIMPLEMENTED, 0);
        return;
      }
      orderedAccess(e, load, Type.ofBytes(1 << size), rn, rt);
      return;
    }
    if (pair && size < 2) {
      e.trap(TrapKind.UNIMPLEMENTED, 0);
      return;
    }
    Type element = Type.ofBytes(1 << size);
    Type memory = pair ? Type.ofBytes(2 << size) : element;
    Value address = e.xsp(rn, true);
    if (load) {
      Value v = e.b.loadExclusive(memory, address, ordered ? MemOrder.ACQUIRE : MemOrder.PLAIN);
      if (pair) {
        e.setX(rt, e.zext(Type.I64, e.trunc(element, v)));
        e.setX(rt2, e.zext(Type.I64, highHalf(e, element, v)));
      } else {
        e.setX(rt, e.zext(Type.I64, v));
      }
      return;
    }
    Value value;
    if (pair) {
      value = joined(e, memory, gprPart(e, rt, element), gprPart(e, rt2, element));
    } else {
      value = e.trunc(memory, e.x(rt, true));
    }
    Value status = e.b.storeExclusive(address, value, ordered ? MemOrder.RELEASE : MemOrder.PLAIN);
    e.setX(rs, status);
  }

  private static void orderedAccess(Emitter e, boolean load, Type memory, int rn, int rt) {
    Value address = e.xsp(rn, true);
    if (load) {
      Value v = e.b.load(memory, address, MemOrder.ACQUIRE);
      e.setX(rt, e.zext(Type.I64, v));
    } else {
      e.b.store(address, e.trunc(memory, e.x(rt, true)), MemOrder.RELEASE);
    }
  }
}
