package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * AdvSIMD structure loads and stores: LD1/ST1 (one to four registers), LD2/ST2, LD1/ST1 of one
 * lane, LD1R, each with or without post-index (immediate = bytes transferred, or a register). Every
 * memory access comes before the register writes, so a faulting instruction changes no register.
 */
final class SimdLoadStore {
  private SimdLoadStore() {}

  /** Registers and structure elements of the multiple-structure opcode (bits 15:12). */
  private record Layout(int registers, int elements) {
    static Layout of(int opcode) {
      return switch (opcode) {
        case 0b0111 -> new Layout(1, 1);
        case 0b1010 -> new Layout(2, 1);
        case 0b0110 -> new Layout(3, 1);
        case 0b0010 -> new Layout(4, 1);
        default -> new Layout(2, 2);
      };
    }
  }

  /** The post-index writeback of {@code bytes}, or of X[m] when Rm is not 31; null if none. */
  private static Value postIndex(Emitter e, Value base, long bytes) {
    if (!e.bit(23)) {
      return null;
    }
    int rm = e.field(16, 5);
    return rm == 31 ? e.add(base, bytes) : e.op(BinOp.ADD, base, e.x(rm, true));
  }

  private static Value vec(Emitter e, int n) {
    return e.b.get(GuestReg.v(n % 32));
  }

  /** LD1/ST1 (multiple structures, one to four registers) and LD2/ST2. */
  static void multiple(Emitter e) {
    boolean load = e.bit(22);
    boolean q = e.bit(30);
    int esize = 8 << e.field(10, 2);
    Layout layout = Layout.of(e.field(12, 4));
    int rt = e.field(0, 5);
    int rn = e.field(5, 5);
    int bytes = q ? 16 : 8;
    Type part = q ? Type.I128 : Type.I64;
    Value base = e.xsp(rn, true);
    List<Value> values = new ArrayList<>();
    if (load) {
      for (int i = 0; i < layout.registers(); i++) {
        values.add(e.load(part, e.add(base, (long) i * bytes)));
      }
      if (layout.elements() == 2) {
        values = deinterleave(e, values.get(0), values.get(1), esize, q);
      }
      Value writeback = postIndex(e, base, (long) layout.registers() * bytes);
      for (int i = 0; i < values.size(); i++) {
        e.b.set(GuestReg.v((rt + i) % 32), e.zext(Type.I128, values.get(i)));
      }
      if (writeback != null) {
        e.setXsp(rn, writeback);
      }
      return;
    }
    for (int i = 0; i < layout.registers(); i++) {
      values.add(e.trunc(part, vec(e, rt + i)));
    }
    if (layout.elements() == 2) {
      values = interleave(e, values.get(0), values.get(1), esize, q);
    }
    long offset = 0;
    for (Value v : values) {
      e.store(e.add(base, offset), v);
      offset += v.type().bits() / 8;
    }
    Value writeback = postIndex(e, base, (long) layout.registers() * bytes);
    if (writeback != null) {
      e.setXsp(rn, writeback);
    }
  }

  private static Value permute(Emitter e, int op, int esize, int datasize, Value a, Value b) {
    return e.b.callHelper(
        Helper.VEC_PERMUTE,
        List.of(
            e.k(Type.I32, op),
            e.k(Type.I32, esize),
            e.k(Type.I32, datasize),
            e.zext(Type.I128, a),
            e.zext(Type.I128, b)));
  }

  /** LD2: even elements of the loaded data to the first register, odd to the second. */
  private static List<Value> deinterleave(Emitter e, Value a, Value b, int esize, boolean q) {
    int datasize = q ? 128 : 64;
    Value even = permute(e, Vectors.UZP1, esize, datasize, a, b);
    Value odd = permute(e, Vectors.UZP2, esize, datasize, a, b);
    return q ? List.of(even, odd) : List.of(e.trunc(Type.I64, even), e.trunc(Type.I64, odd));
  }

  /** ST2: the two registers' elements alternating in memory. */
  private static List<Value> interleave(Emitter e, Value a, Value b, int esize, boolean q) {
    Value first = permute(e, Vectors.ZIP1, esize, 128, a, b);
    if (!q) {
      return List.of(first);
    }
    return List.of(first, permute(e, Vectors.ZIP2, esize, 128, a, b));
  }

  /** The element size in bytes and the lane index of a single-structure access. */
  private record Lane(int bytes, int index) {
    static Lane of(Emitter e) {
      int opcode = e.field(13, 3);
      int s = e.field(12, 1);
      int size = e.field(10, 2);
      int q = e.field(30, 1);
      return switch (opcode) {
        case 0 -> new Lane(1, (q << 3) | (s << 2) | size);
        case 2 -> new Lane(2, (q << 2) | (s << 1) | (size >>> 1));
        default -> (size & 1) == 0 ? new Lane(4, (q << 1) | s) : new Lane(8, q);
      };
    }
  }

  /** LD1/ST1 (single structure): one lane of Vt. */
  static void lane(Emitter e) {
    boolean load = e.bit(22);
    Lane lane = Lane.of(e);
    Type t = Type.ofBytes(lane.bytes());
    int shift = lane.index() * lane.bytes() * 8;
    int rt = e.field(0, 5);
    int rn = e.field(5, 5);
    Value base = e.xsp(rn, true);
    Value current = vec(e, rt);
    if (load) {
      Value element = e.load(t, base);
      Value writeback = postIndex(e, base, lane.bytes());
      long laneMask = lane.bytes() == 8 ? -1L : (1L << (8 * lane.bytes())) - 1;
      Value cleared =
          e.op(
              BinOp.AND,
              current,
              Value.Const.of128(
                  shift < 64 ? ~(laneMask << shift) : -1L,
                  shift >= 64 ? ~(laneMask << (shift - 64)) : -1L));
      Value placed = e.zext(Type.I128, element);
      if (shift != 0) {
        placed = e.op(BinOp.SHL, placed, e.k(Type.I128, shift));
      }
      e.b.set(GuestReg.v(rt), e.op(BinOp.OR, cleared, placed));
      if (writeback != null) {
        e.setXsp(rn, writeback);
      }
      return;
    }
    Value shifted = shift == 0 ? current : e.op(BinOp.LSHR, current, e.k(Type.I128, shift));
    e.store(base, e.trunc(t, shifted));
    Value writeback = postIndex(e, base, lane.bytes());
    if (writeback != null) {
      e.setXsp(rn, writeback);
    }
  }

  /** LD1R: one element loaded into every lane. */
  static void replicate(Emitter e) {
    boolean q = e.bit(30);
    int bytes = 1 << e.field(10, 2);
    int rt = e.field(0, 5);
    int rn = e.field(5, 5);
    Value base = e.xsp(rn, true);
    Value element = e.zext(Type.I64, e.load(Type.ofBytes(bytes), base));
    Value writeback = postIndex(e, base, bytes);
    long ones = 0;
    for (int i = 0; i < 8; i += bytes) {
      ones |= 1L << (8 * i);
    }
    Value half = bytes == 8 ? element : e.op(BinOp.MUL, element, ones);
    Value full = e.zext(Type.I128, half);
    if (q) {
      full = e.op(BinOp.OR, full, e.op(BinOp.SHL, full, e.k(Type.I128, 64)));
    }
    e.b.set(GuestReg.v(rt), full);
    if (writeback != null) {
      e.setXsp(rn, writeback);
    }
  }
}
