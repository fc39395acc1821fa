package dev.recomp.lift.internal.a64;

import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Terminator.TrapKind;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.internal.helpers.Vectors;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * AdvSIMD integer data processing: three-same compares and arithmetic, pairwise and across-lanes
 * reductions, two-register miscellaneous, shifts by immediate, narrowing, widening, permutes, EXT
 * and TBL/TBX. The lane operations glibc's string functions loop over (compares, ADD/SUB, max/min,
 * pairwise reductions, SHRN/XTN) are plain IR ({@link LaneWords}); the rest call the {@link
 * Vectors} lane helpers. A 64-bit arrangement (Q = 0) computes on the low half and zeroes the upper
 * half of Vd, as every AdvSIMD write does.
 */
final class SimdArith {
  private SimdArith() {}

  private static Value v(Emitter e, int n) {
    return e.b.get(GuestReg.v(n));
  }

  private static Value k32(Emitter e, long v) {
    return e.k(Type.I32, v);
  }

  private static Value call(Emitter e, Helper helper, Value... args) {
    return e.b.callHelper(helper, List.of(args));
  }

  /** Writes Vd from a 128-bit result, keeping only the low 64 bits when {@code q} is clear. */
  private static void write(Emitter e, int rd, Value result, boolean q) {
    Value r = result.type() == Type.I128 && !q ? e.trunc(Type.I64, result) : result;
    e.b.set(GuestReg.v(rd), e.zext(Type.I128, r));
  }

  private static Value high64(Emitter e, Value v128) {
    return e.trunc(Type.I64, e.op(BinOp.LSHR, v128, e.k(Type.I128, 64)));
  }

  private static boolean reserved(Emitter e, int esize, boolean q) {
    if (esize == 64 && !q) {
      e.trap(TrapKind.UNDEFINED, 0);
      return true;
    }
    return false;
  }

  /** Three-same opcode (bits 15:11) and U (bit 29) to the lane operation. */
  private static final Map<Integer, Integer> THREE_SAME =
      Map.ofEntries(
          Map.entry(0b10000, Vectors.ADD),
          Map.entry(0x20 | 0b10000, Vectors.SUB),
          Map.entry(0b10001, Vectors.CMTST),
          Map.entry(0x20 | 0b10001, Vectors.CMEQ),
          Map.entry(0x20 | 0b00111, Vectors.CMHS),
          Map.entry(0x20 | 0b00110, Vectors.CMHI),
          Map.entry(0b00111, Vectors.CMGE),
          Map.entry(0b00110, Vectors.CMGT),
          Map.entry(0b10011, Vectors.MUL),
          Map.entry(0x20 | 0b01100, Vectors.UMAX),
          Map.entry(0x20 | 0b01101, Vectors.UMIN),
          Map.entry(0b01100, Vectors.SMAX),
          Map.entry(0b01101, Vectors.SMIN),
          Map.entry(0x20 | 0b01110, Vectors.UABD),
          Map.entry(0b01110, Vectors.SABD),
          Map.entry(0x20 | 0b00000, Vectors.UHADD),
          Map.entry(0b00000, Vectors.SHADD),
          Map.entry(0x20 | 0b00010, Vectors.URHADD),
          Map.entry(0b00010, Vectors.SRHADD),
          Map.entry(0x20 | 0b01000, Vectors.USHL),
          Map.entry(0b01000, Vectors.SSHL));

  private static int threeSameOp(Emitter e) {
    return THREE_SAME.get((e.bit(29) ? 0x20 : 0) | e.field(11, 5));
  }

  /** Vector three-same compares and arithmetic (ADD, CMEQ, CMHS, ..., MUL, UMAX, UABD, USHL...). */
  static void threeSame(Emitter e) {
    boolean q = e.bit(30);
    int esize = 8 << e.field(22, 2);
    if (reserved(e, esize, q)) {
      return;
    }
    int op = threeSameOp(e);
    Value n = v(e, e.field(5, 5));
    Value m = v(e, e.field(16, 5));
    if (LaneWords.BINARY.contains(op)) {
      perHalf(e, e.field(0, 5), q, n, m, (a, b) -> LaneWords.binary(e, op, esize, a, b));
      return;
    }
    if (op == Vectors.MUL && esize == 32) {
      perHalf(e, e.field(0, 5), q, n, m, (a, b) -> LaneWords.multiply32(e, a, b));
      return;
    }
    Value r = call(e, Helper.VEC_BINARY, k32(e, op), k32(e, esize), n, m);
    write(e, e.field(0, 5), r, q);
  }

  /** Vd = {@code f} of the 64-bit halves of {@code n} and {@code m}, only the low when !q. */
  private static void perHalf(
      Emitter e, int rd, boolean q, Value n, Value m, BinaryOperator<Value> f) {
    Value low = f.apply(LaneWords.half(e, n, 0), LaneWords.half(e, m, 0));
    Value high = q ? f.apply(LaneWords.half(e, n, 1), LaneWords.half(e, m, 1)) : null;
    e.b.set(GuestReg.v(rd), LaneWords.join(e, low, high));
  }

  /** MLA, MLS (vector): Vd +/-= Vn * Vm. */
  static void multiplyAccumulate(Emitter e) {
    boolean q = e.bit(30);
    int esize = 8 << e.field(22, 2);
    int rd = e.field(0, 5);
    if (esize == 32) {
      int op = e.bit(29) ? Vectors.SUB : Vectors.ADD;
      Value n = v(e, e.field(5, 5));
      Value m = v(e, e.field(16, 5));
      Value d = v(e, rd);
      Value low = accumulate(e, op, d, n, m, 0);
      Value high = q ? accumulate(e, op, d, n, m, 1) : null;
      e.b.set(GuestReg.v(rd), LaneWords.join(e, low, high));
      return;
    }
    Value product =
        call(
            e,
            Helper.VEC_BINARY,
            k32(e, Vectors.MUL),
            k32(e, esize),
            v(e, e.field(5, 5)),
            v(e, e.field(16, 5)));
    Value r =
        call(
            e,
            Helper.VEC_BINARY,
            k32(e, e.bit(29) ? Vectors.SUB : Vectors.ADD),
            k32(e, esize),
            v(e, rd),
            product);
    write(e, rd, r, q);
  }

  /** Half {@code h} of Vd +/- Vn * Vm on 32-bit lanes. */
  private static Value accumulate(Emitter e, int op, Value d, Value n, Value m, int h) {
    Value product = LaneWords.multiply32(e, LaneWords.half(e, n, h), LaneWords.half(e, m, h));
    return LaneWords.binary(e, op, 32, LaneWords.half(e, d, h), product);
  }

  /** Scalar (D register) three-same: ADD, SUB, CMEQ, CMTST, CMHS, CMHI, CMGE, CMGT, USHL, SSHL. */
  static void scalarThreeSame(Emitter e) {
    int op = threeSameOp(e);
    Value n = v(e, e.field(5, 5));
    Value m = v(e, e.field(16, 5));
    if (LaneWords.BINARY.contains(op)) {
      perHalf(e, e.field(0, 5), false, n, m, (a, b) -> LaneWords.binary(e, op, 64, a, b));
      return;
    }
    Value r = call(e, Helper.VEC_BINARY, k32(e, op), k32(e, 64), n, m);
    write(e, e.field(0, 5), r, false);
  }

  /** Compares against zero (CMGT, CMEQ, CMLT, CMGE, CMLE), vector and scalar. */
  static void compareZero(Emitter e) {
    boolean scalar = e.bit(28);
    boolean q = scalar || e.bit(30);
    int esize = 8 << e.field(22, 2);
    if (!scalar && reserved(e, esize, q)) {
      return;
    }
    int kind = (e.bit(29) ? 4 : 0) | e.field(12, 2);
    Value n = v(e, e.field(5, 5));
    boolean both = q && !scalar;
    Value low = LaneWords.compareZero(e, kind, esize, LaneWords.half(e, n, 0));
    Value high = both ? LaneWords.compareZero(e, kind, esize, LaneWords.half(e, n, 1)) : null;
    e.b.set(GuestReg.v(e.field(0, 5)), LaneWords.join(e, low, high));
  }

  /** ADDP, UMAXP, UMINP, SMAXP, SMINP (vector) and ADDP (scalar). */
  static void pairwise(Emitter e) {
    int rd = e.field(0, 5);
    Value n = v(e, e.field(5, 5));
    if (e.bit(28)) {
      Value sum =
          LaneWords.pairwise(e, Vectors.ADD, 64, LaneWords.half(e, n, 0), LaneWords.half(e, n, 1));
      e.b.set(GuestReg.v(rd), LaneWords.join(e, sum, null));
      return;
    }
    boolean q = e.bit(30);
    int esize = 8 << e.field(22, 2);
    if (reserved(e, esize, q)) {
      return;
    }
    boolean u = e.bit(29);
    int op =
        switch (e.field(11, 5)) {
          case 0b10111 -> Vectors.ADD;
          case 0b10100 -> u ? Vectors.UMAX : Vectors.SMAX;
          default -> u ? Vectors.UMIN : Vectors.SMIN;
        };
    int rm = e.field(16, 5);
    Value m = v(e, rm);
    // The pairs of Vm:Vn (of their low halves when !q) fill Vd from the bottom: Vn's pairs first.
    Value low =
        q
            ? LaneWords.pairwise(e, op, esize, LaneWords.half(e, n, 0), LaneWords.half(e, n, 1))
            : LaneWords.pairwise(e, op, esize, LaneWords.half(e, n, 0), LaneWords.half(e, m, 0));
    Value high = null;
    if (q) {
      // UMAXP Vd, Vn, Vn (reducing one register, as glibc does) computes its pairs once.
      high =
          rm == e.field(5, 5)
              ? low
              : LaneWords.pairwise(e, op, esize, LaneWords.half(e, m, 0), LaneWords.half(e, m, 1));
    }
    e.b.set(GuestReg.v(rd), LaneWords.join(e, low, high));
  }

  /** ADDV, UMAXV, UMINV, SMAXV, SMINV, UADDLV, SADDLV. */
  static void across(Emitter e) {
    boolean q = e.bit(30);
    int esize = 8 << e.field(22, 2);
    boolean u = e.bit(29);
    int op =
        switch (e.field(12, 5)) {
          case 0b11011 -> Vectors.ADDV;
          case 0b01010 -> u ? Vectors.UMAXV : Vectors.SMAXV;
          case 0b11010 -> u ? Vectors.UMINV : Vectors.SMINV;
          default -> u ? Vectors.UADDLV : Vectors.SADDLV;
        };
    Value r =
        call(
            e,
            Helper.VEC_ACROSS,
            k32(e, op),
            k32(e, esize),
            k32(e, q ? 128 : 64),
            v(e, e.field(5, 5)));
    write(e, e.field(0, 5), r, false);
  }

  /** CNT, CLZ, CLS, ABS, NEG, REV16/32/64 and RBIT (vector), ABS/NEG (scalar). */
  static void twoRegister(Emitter e) {
    boolean scalar = e.bit(28);
    boolean q = e.bit(30) && !scalar;
    int size = e.field(22, 2);
    int esize = 8 << size;
    boolean u = e.bit(29);
    int opcode = e.field(12, 5);
    int op =
        switch (opcode) {
          case 0b00000 -> u ? Vectors.REV32 : Vectors.REV64;
          case 0b00001 -> Vectors.REV16;
          case 0b00100 -> u ? Vectors.CLZ : Vectors.CLS;
          case 0b00101 -> u ? Vectors.RBIT : Vectors.CNT;
          default -> u ? Vectors.NEG : Vectors.ABS;
        };
    if (op == Vectors.RBIT) {
      esize = 8;
    }
    if (!scalar && (op == Vectors.ABS || op == Vectors.NEG) && reserved(e, esize, e.bit(30))) {
      return;
    }
    Value r = call(e, Helper.VEC_UNARY, k32(e, op), k32(e, esize), v(e, e.field(5, 5)));
    write(e, e.field(0, 5), r, q);
  }

  /** The element size and shift amount of a shift-by-immediate (immh:immb). */
  private record ShiftImm(int esize, int right, int left) {
    static ShiftImm of(Emitter e) {
      int immh = e.field(19, 4);
      int immhb = e.field(16, 7);
      int esize = 8 << (31 - Integer.numberOfLeadingZeros(immh));
      return new ShiftImm(esize, 2 * esize - immhb, immhb - esize);
    }
  }

  /** SSHR, USHR, SSRA, USRA, SRSHR, URSHR, SRI, SHL, SLI (vector and scalar D). */
  static void shiftImmediate(Emitter e) {
    boolean scalar = e.bit(28);
    boolean q = e.bit(30) && !scalar;
    ShiftImm s = ShiftImm.of(e);
    if (!scalar && reserved(e, s.esize(), e.bit(30))) {
      return;
    }
    boolean u = e.bit(29);
    int op =
        switch (e.field(11, 5)) {
          case 0b00000 -> u ? Vectors.USHR : Vectors.SSHR;
          case 0b00010 -> u ? Vectors.USRA : Vectors.SSRA;
          case 0b00100 -> u ? Vectors.URSHR : Vectors.SRSHR;
          case 0b01000 -> Vectors.SRI;
          default -> u ? Vectors.SLI : Vectors.SHL;
        };
    boolean left = op == Vectors.SHL || op == Vectors.SLI;
    int rd = e.field(0, 5);
    Value r =
        call(
            e,
            Helper.VEC_SHIFT,
            k32(e, op),
            k32(e, s.esize()),
            k32(e, left ? s.left() : s.right()),
            v(e, e.field(5, 5)),
            v(e, rd));
    write(e, rd, r, q);
  }

  /** SHRN, RSHRN, XTN and their "2" forms, which fill the upper half and keep the lower. */
  static void narrow(Emitter e) {
    boolean upper = e.bit(30);
    int esize;
    int shift;
    int op;
    if (!e.bit(24)) {
      esize = 8 << e.field(22, 2);
      shift = 0;
      op = Vectors.XTN;
    } else {
      ShiftImm s = ShiftImm.of(e);
      esize = s.esize();
      shift = s.right();
      op = e.bit(11) ? Vectors.RSHRN : Vectors.SHRN;
    }
    int rd = e.field(0, 5);
    Value n = v(e, e.field(5, 5));
    // RSHRN's rounding carries into the bit above the lane; it stays a helper call.
    Value part =
        op == Vectors.RSHRN
            ? call(e, Helper.VEC_NARROW, k32(e, op), k32(e, esize), k32(e, shift), n)
            : LaneWords.narrow(e, esize, shift, LaneWords.half(e, n, 0), LaneWords.half(e, n, 1));
    if (!upper) {
      write(e, rd, part, false);
      return;
    }
    Value low = e.zext(Type.I128, e.trunc(Type.I64, v(e, rd)));
    Value high = e.op(BinOp.SHL, e.zext(Type.I128, part), e.k(Type.I128, 64));
    e.b.set(GuestReg.v(rd), e.op(BinOp.OR, low, high));
  }

  /** The narrow 64-bit operand: the low half, or the high half for the "2" forms. */
  private static Value narrowPart(Emitter e, int n, boolean upper) {
    Value reg = v(e, n);
    return upper ? high64(e, reg) : e.trunc(Type.I64, reg);
  }

  /** UADDL/SADDL/USUBL/SSUBL/UADDW/SADDW/USUBW/SSUBW, UMULL/SMULL, UABDL/SABDL (and "2"). */
  static void widen(Emitter e) {
    boolean upper = e.bit(30);
    int esize = 8 << e.field(22, 2);
    boolean u = e.bit(29);
    int opcode = e.field(12, 4);
    int op =
        switch (opcode) {
          case 0b0000 -> u ? Vectors.UADDL : Vectors.SADDL;
          case 0b0001 -> u ? Vectors.UADDW : Vectors.SADDW;
          case 0b0010 -> u ? Vectors.USUBL : Vectors.SSUBL;
          case 0b0011 -> u ? Vectors.USUBW : Vectors.SSUBW;
          case 0b0111 -> u ? Vectors.UABDL : Vectors.SABDL;
          default -> u ? Vectors.UMULL : Vectors.SMULL;
        };
    boolean wideA = opcode == 0b0001 || opcode == 0b0011;
    Value a = wideA ? v(e, e.field(5, 5)) : e.zext(Type.I128, narrowPart(e, e.field(5, 5), upper));
    Value r =
        call(
            e,
            Helper.VEC_WIDEN,
            k32(e, op),
            k32(e, esize),
            a,
            narrowPart(e, e.field(16, 5), upper));
    write(e, e.field(0, 5), r, true);
  }

  /** USHLL, SSHLL (UXTL/SXTL) and their "2" forms. */
  static void shiftLeftLong(Emitter e) {
    ShiftImm s = ShiftImm.of(e);
    Value a = e.zext(Type.I128, narrowPart(e, e.field(5, 5), e.bit(30)));
    Value r =
        call(
            e,
            Helper.VEC_WIDEN,
            k32(e, e.bit(29) ? Vectors.USHLL : Vectors.SSHLL),
            k32(e, s.esize()),
            a,
            e.k(Type.I64, s.left() * 0x0101_0101_0101_0101L & laneMask(s.esize())));
    write(e, e.field(0, 5), r, true);
  }

  /** The shift amount replicated into each narrow lane of 64 bits. */
  private static long laneMask(int esize) {
    return esize == 8 ? -1L : esize == 16 ? 0x00ff_00ff_00ff_00ffL : 0x0000_00ff_0000_00ffL;
  }

  /** UZP1, UZP2, ZIP1, ZIP2, TRN1, TRN2. */
  static void permute(Emitter e) {
    boolean q = e.bit(30);
    int esize = 8 << e.field(22, 2);
    if (reserved(e, esize, q)) {
      return;
    }
    int op =
        switch (e.field(12, 3)) {
          case 1 -> Vectors.UZP1;
          case 5 -> Vectors.UZP2;
          case 3 -> Vectors.ZIP1;
          case 7 -> Vectors.ZIP2;
          case 2 -> Vectors.TRN1;
          default -> Vectors.TRN2;
        };
    Value r =
        call(
            e,
            Helper.VEC_PERMUTE,
            k32(e, op),
            k32(e, esize),
            k32(e, q ? 128 : 64),
            v(e, e.field(5, 5)),
            v(e, e.field(16, 5)));
    write(e, e.field(0, 5), r, q);
  }

  /** EXT: bytes index.. of Vm:Vn. */
  static void extract(Emitter e) {
    boolean q = e.bit(30);
    int index = e.field(11, 4);
    int rd = e.field(0, 5);
    Value n = v(e, e.field(5, 5));
    Value m = v(e, e.field(16, 5));
    int width = q ? 128 : 64;
    if (!q) {
      n = e.zext(Type.I128, e.trunc(Type.I64, n));
      m = e.zext(Type.I128, e.trunc(Type.I64, m));
    }
    int shift = 8 * index;
    Value low = shift == 0 ? n : e.op(BinOp.LSHR, n, e.k(Type.I128, shift));
    Value high = shift == 0 ? null : e.op(BinOp.SHL, m, e.k(Type.I128, width - shift));
    Value r = high == null ? low : e.op(BinOp.OR, low, high);
    write(e, rd, r, q);
  }

  /** TBL, TBX with one to four table registers. */
  static void table(Emitter e) {
    boolean q = e.bit(30);
    int registers = e.field(13, 2) + 1;
    boolean extension = e.bit(12);
    int rn = e.field(5, 5);
    int rd = e.field(0, 5);
    Value zero = e.k(Type.I128, 0);
    Value[] t = new Value[4];
    for (int i = 0; i < 4; i++) {
      t[i] = i < registers ? v(e, (rn + i) % 32) : zero;
    }
    Value indices = v(e, e.field(16, 5));
    if (!q) {
      indices =
          e.op(BinOp.OR, e.zext(Type.I128, e.trunc(Type.I64, indices)), Value.Const.of128(0, -1L));
    }
    Value otherwise = extension ? v(e, rd) : zero;
    Value r =
        call(e, Helper.VEC_TABLE, k32(e, registers), indices, t[0], t[1], t[2], t[3], otherwise);
    write(e, rd, r, q);
  }
}
