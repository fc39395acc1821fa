package dev.recomp.lift.jvm;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Cond;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Helper;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Op.MemOrder;
import dev.recomp.lift.Op.UnOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random, well-typed IR functions for differential tests: straight-line code over all operation
 * kinds, forward branches, counted loops (on X28, which nothing else writes; X29 keeps main's
 * return address), syscalls, direct calls to a small callee (some of which return to a later call's
 * return site, as a longjmp would), and rare loads from an unmapped page to exercise faults.
 */
final class RandomProgram {
  static final long MAIN = 0x1_0000;
  static final long CALLEE = 0x8000_0000L;

  /** Distance between main's blocks: room for the longest block. */
  private static final long STRIDE = 0x4000;

  /** The address the main function returns to; no block lives there. */
  static final long RETURN = 0xdead_0000L;

  private static final Type[] INT_TYPES = {Type.I8, Type.I16, Type.I32, Type.I64};
  private static final Type[] MEM_TYPES = {
    Type.I8, Type.I16, Type.I32, Type.I64, Type.I128, Type.F32, Type.F64
  };
  private static final int LOOP_COUNTER = 28;

  /** Holds main's return address (as a prologue would have saved X30); nothing writes it. */
  static final int SAVED_LINK = 29;

  private final Random random;
  private final boolean faults;

  private final int blockCount;
  private final int maxInstructions;

  /** The current block's base for accesses at small offsets (see {@link #near}), once made. */
  private Value pointer;

  private RandomProgram(long seed, boolean faults, int blockCount, int maxInstructions) {
    this.random = new Random(seed);
    this.faults = faults;
    this.blockCount = blockCount;
    this.maxInstructions = maxInstructions;
  }

  /** The main function (2 to 7 blocks) and its callee. */
  static List<GuestFunction> functions(long seed, boolean faults) {
    RandomProgram p = new RandomProgram(seed, faults, 2 + new Random(seed).nextInt(6), 6);
    return List.of(p.main(), p.callee());
  }

  /**
   * A main function of {@code blocks} blocks of up to {@code instructions} each, and its callee.
   */
  static List<GuestFunction> large(long seed, int blocks, int instructions) {
    RandomProgram p = new RandomProgram(seed, false, blocks, instructions);
    return List.of(p.main(), p.callee());
  }

  private GuestFunction main() {
    int count = blockCount;
    List<Block> blocks = new ArrayList<>();
    // Blocks that end in a call because an earlier call returns after it.
    Set<Integer> callsAt = new HashSet<>();
    for (int i = 0; i < count; i++) {
      long pc = MAIN + STRIDE * i;
      BlockBuilder b = new BlockBuilder(pc);
      body(b, pc, 1 + random.nextInt(maxInstructions));
      Terminator t;
      long next = pc + STRIDE;
      if (i == count - 1) {
        t =
            Terminator.IndirectJump.of(
                b.get(GuestReg.x(SAVED_LINK)), Terminator.IndirectKind.RETURN);
      } else if (callsAt.contains(i)) {
        b.set(GuestReg.x(30), BlockBuilder.constant(Type.I64, next));
        t = new Terminator.Call(CALLEE, next);
      } else {
        t =
            switch (random.nextInt(6)) {
              case 0 -> new Terminator.Jump(next);
              case 1 ->
                  Terminator.Branch.of(condition(b), MAIN + STRIDE * pick(i + 1, count), next);
              case 2 -> loopBack(b, i, next);
              case 3 -> {
                long returnsTo = next;
                if (i + 2 < count && random.nextInt(3) == 0) {
                  int site = pick(i + 2, count);
                  callsAt.add(site - 1);
                  returnsTo = MAIN + STRIDE * site;
                }
                b.set(GuestReg.x(30), BlockBuilder.constant(Type.I64, returnsTo));
                yield new Terminator.Call(CALLEE, next);
              }
              case 4 -> new Terminator.Syscall(random.nextInt(4), next);
              default ->
                  Terminator.Branch.of(condition(b), next, MAIN + STRIDE * pick(i + 1, count));
            };
      }
      blocks.add(b.finish(t));
    }
    return GuestFunction.of(MAIN, "main", blocks);
  }

  private GuestFunction callee() {
    BlockBuilder b = new BlockBuilder(CALLEE);
    body(b, CALLEE, 1 + random.nextInt(4));
    Block block =
        b.finish(Terminator.IndirectJump.of(b.get(GuestReg.x(30)), Terminator.IndirectKind.RETURN));
    return GuestFunction.of(CALLEE, "callee", List.of(block));
  }

  private int pick(int from, int count) {
    return from + random.nextInt(count - from);
  }

  /** Decrements X28 and branches back to block 0 while it is not zero. */
  private Terminator loopBack(BlockBuilder b, int index, long next) {
    Value counter = b.get(GuestReg.x(LOOP_COUNTER));
    Value dec = b.binary(BinOp.SUB, counter, BlockBuilder.constant(Type.I64, 1));
    b.set(GuestReg.x(LOOP_COUNTER), dec);
    Value more = b.compare(CmpOp.SGT, dec, BlockBuilder.constant(Type.I64, 0));
    return Terminator.Branch.of(more, MAIN + STRIDE * random.nextInt(index + 1), next);
  }

  private Value condition(BlockBuilder b) {
    return switch (random.nextInt(3)) {
      case 0 -> b.condHolds(Cond.of(random.nextInt(16)), b.get(GuestReg.NZCV));
      case 1 -> b.compare(CmpOp.values()[random.nextInt(CmpOp.values().length)], reg(b), reg(b));
      default -> {
        b.set(GuestReg.NZCV, flags(b));
        yield b.condHolds(Cond.of(random.nextInt(16)), b.get(GuestReg.NZCV));
      }
    };
  }

  private void body(BlockBuilder b, long pc, int instructions) {
    pointer = null;
    // A quarter of the blocks start as a prologue does: accesses near one pointer, which the
    // backend checks as one group (groups need three).
    int burst = random.nextInt(4) == 0 ? 3 : 0;
    for (int n = 0; n < instructions; n++) {
      b.insnStart(pc + 4L * n, 0xd503201f);
      if (n >= burst) {
        instruction(b);
      } else if (random.nextBoolean()) {
        load(b, near(b));
      } else {
        store(b, near(b));
      }
    }
  }

  /** One "instruction": computes something and writes a register, flags or memory. */
  private void instruction(BlockBuilder b) {
    switch (random.nextInt(13)) {
      case 0, 1 -> b.set(x(), widen(b, arithmetic(b)));
      case 11 -> helper(b);
      case 2 -> {
        List<Value> pair = flagOperands(b);
        b.set(GuestReg.NZCV, b.addFlags(pair.get(0), pair.get(1), carry()));
        b.set(x(), b.binary(BinOp.ADD, reg(b), reg(b)));
      }
      case 3 ->
          b.set(
              GuestReg.NZCV,
              b.nzFlags(random.nextBoolean() ? reg(b) : b.convert(ConvOp.TRUNC, Type.I32, reg(b))));
      case 4 -> {
        Value c = b.condHolds(Cond.of(random.nextInt(16)), b.get(GuestReg.NZCV));
        switch (random.nextInt(3)) {
          case 0 -> b.set(x(), b.select(c, reg(b), reg(b)));
          case 1 -> b.set(x(), b.convert(ConvOp.ZEXT, Type.I64, c));
          default -> {
            b.set(x(), b.select(c, reg(b), reg(b)));
            b.set(x(), b.convert(ConvOp.ZEXT, Type.I64, c));
          }
        }
      }
      case 5 -> {
        if (random.nextInt(3) == 0) {
          loadPair(b);
        } else {
          load(b, address(b));
        }
      }
      case 6 -> store(b, address(b));
      case 7 -> vector(b);
      case 8 -> exclusive(b);
      case 9 ->
          b.set(
              GuestReg.SP,
              b.binary(BinOp.ADD, b.get(GuestReg.SP), BlockBuilder.constant(Type.I64, 16)));
      case 10 -> {
        Value c = b.compare(CmpOp.values()[random.nextInt(CmpOp.values().length)], reg(b), reg(b));
        b.set(x(), b.convert(ConvOp.ZEXT, Type.I64, c));
      }
      default -> b.set(GuestReg.NZCV, flags(b));
    }
  }

  /**
   * Flags as A64 instructions set them: CMP/SUBS with a register or an immediate (the NOT of the
   * subtrahend used once, or also kept in a register), CMN/ADDS, ADCS/SBCS, CCMP, a logical result.
   */
  private Value flags(BlockBuilder b) {
    Type type = random.nextBoolean() ? Type.I64 : Type.I32;
    Value a = narrow(b, reg(b), type);
    Value one = BlockBuilder.constant(Type.I1, 1);
    return switch (random.nextInt(7)) {
      case 0 -> b.addFlags(a, b.unary(UnOp.NOT, narrow(b, reg(b), type)), one);
      case 1 -> b.addFlags(a, b.unary(UnOp.NOT, immediate(type)), one);
      case 2 -> {
        Value not = b.unary(UnOp.NOT, narrow(b, reg(b), type));
        b.set(x(), widen(b, not));
        yield b.addFlags(a, not, one);
      }
      case 3 ->
          b.addFlags(a, random.nextBoolean() ? immediate(type) : narrow(b, reg(b), type), carry());
      case 4 -> {
        Value m = narrow(b, reg(b), type);
        Value carry = b.condHolds(Cond.CS, b.get(GuestReg.NZCV));
        yield b.addFlags(a, random.nextBoolean() ? b.unary(UnOp.NOT, m) : m, carry);
      }
      case 5 -> {
        Value holds = b.condHolds(Cond.of(random.nextInt(16)), b.get(GuestReg.NZCV));
        Value compared = b.addFlags(a, b.unary(UnOp.NOT, narrow(b, reg(b), type)), one);
        yield b.select(
            holds, compared, BlockBuilder.constant(Type.I32, (long) random.nextInt(16) << 28));
      }
      default -> b.nzFlags(a);
    };
  }

  private Value immediate(Type type) {
    return BlockBuilder.constant(type, random.nextBoolean() ? random.nextInt(4096) : interesting());
  }

  /** Two operands of one flag width, i32 or i64. */
  private List<Value> flagOperands(BlockBuilder b) {
    Type type = random.nextBoolean() ? Type.I64 : Type.I32;
    return List.of(narrow(b, reg(b), type), narrow(b, reg(b), type));
  }

  private Value carry() {
    return BlockBuilder.constant(Type.I1, random.nextInt(2));
  }

  private GuestReg x() {
    return GuestReg.x(random.nextInt(LOOP_COUNTER));
  }

  private Value reg(BlockBuilder b) {
    return random.nextInt(5) == 0
        ? BlockBuilder.constant(Type.I64, interesting())
        : b.get(GuestReg.x(random.nextInt(31)));
  }

  private long interesting() {
    long[] values = {
      0, 1, -1, 31, 32, 63, 64, 0x7fff_ffffL, 0x8000_0000L, Long.MIN_VALUE, Long.MAX_VALUE
    };
    return random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextLong();
  }

  /** An integer computation of a random width. */
  private Value arithmetic(BlockBuilder b) {
    Type type = INT_TYPES[random.nextInt(INT_TYPES.length)];
    Value a = operand(b, type, 0);
    Value c = operand(b, type, 0);
    return switch (random.nextInt(4)) {
      case 0 -> binary(b, a, c);
      case 1 -> b.unary(UnOp.values()[random.nextInt(UnOp.values().length)], a);
      case 2 -> type == Type.I64 ? a : b.convert(ConvOp.SEXT, Type.I64, a);
      default ->
          b.select(b.compare(CmpOp.values()[random.nextInt(CmpOp.values().length)], a, c), a, c);
    };
  }

  /**
   * A register narrowed to {@code type}, or now and then an operation on such operands: chains of
   * single-use operations, which the backend computes without a local in between.
   */
  private Value operand(BlockBuilder b, Type type, int depth) {
    if (depth < 3 && random.nextInt(3) == 0) {
      return random.nextInt(4) == 0
          ? b.unary(
              UnOp.values()[random.nextInt(UnOp.values().length)], operand(b, type, depth + 1))
          : binary(b, operand(b, type, depth + 1), operand(b, type, depth + 1));
    }
    return narrow(b, reg(b), type);
  }

  private Value binary(BlockBuilder b, Value a, Value c) {
    Type type = a.type();
    BinOp op = BinOp.values()[random.nextInt(BinOp.values().length)];
    if ((op == BinOp.UMULH || op == BinOp.SMULH) && type != Type.I64) {
      op = BinOp.MUL;
    }
    if ((op == BinOp.UDIV || op == BinOp.SDIV) && random.nextInt(3) == 0) {
      // The A64 corner cases, x / 0 and MIN / -1, with operands known only at run time.
      a = random.nextBoolean() ? a : atRunTime(b, a, 1L << (type.bits() - 1));
      c = atRunTime(b, c, random.nextBoolean() ? 0 : -1);
    }
    return b.binary(op, a, c);
  }

  /** {@code value}, computed from {@code v} so that it is no constant to the backend. */
  private static Value atRunTime(BlockBuilder b, Value v, long value) {
    Value zero = b.binary(BinOp.AND, v, BlockBuilder.constant(v.type(), 0));
    return b.binary(BinOp.OR, zero, BlockBuilder.constant(v.type(), value));
  }

  private Value narrow(BlockBuilder b, Value v, Type type) {
    return type == Type.I64 ? v : b.convert(ConvOp.TRUNC, type, v);
  }

  private Value widen(BlockBuilder b, Value v) {
    return v.type() == Type.I64
        ? v
        : b.convert(random.nextBoolean() ? ConvOp.ZEXT : ConvOp.SEXT, Type.I64, v);
  }

  /** An address inside the data window (possibly unaligned); rarely one in the hole. */
  private Value address(BlockBuilder b) {
    if (faults && random.nextInt(25) == 0) {
      return BlockBuilder.constant(Type.I64, TestProcess.HOLE + random.nextInt(64));
    }
    if (random.nextBoolean()) {
      return near(b);
    }
    Value offset = b.binary(BinOp.AND, reg(b), BlockBuilder.constant(Type.I64, 0xfff));
    return b.binary(BinOp.ADD, offset, BlockBuilder.constant(Type.I64, TestProcess.DATA));
  }

  /**
   * An address at a small offset from the block's pointer, as a frame's or a structure's are: the
   * backend checks such accesses together. In a program that may fault, the pointer may lie near
   * the end of the data window, so that a group's range runs into the unmapped page after it and
   * each access must fault, or not, on its own.
   */
  private Value near(BlockBuilder b) {
    if (pointer == null) {
      boolean atEnd = faults && random.nextInt(3) == 0;
      Value offset =
          b.binary(BinOp.AND, reg(b), BlockBuilder.constant(Type.I64, atEnd ? 0x70 : 0xff0));
      long from =
          atEnd ? TestProcess.DATA + TestProcess.DATA_SIZE - 0x80 : TestProcess.DATA + 0x100;
      pointer = b.binary(BinOp.ADD, offset, BlockBuilder.constant(Type.I64, from));
    }
    long offset = random.nextInt(0x1f0) - 0x100;
    return b.binary(BinOp.ADD, pointer, BlockBuilder.constant(Type.I64, offset));
  }

  private void load(BlockBuilder b, Value address) {
    Type type = MEM_TYPES[random.nextInt(MEM_TYPES.length)];
    Value v = b.load(type, address, MemOrder.PLAIN);
    switch (type) {
      case I128 -> b.set(GuestReg.v(random.nextInt(32)), v);
      case F32 ->
          b.set(x(), b.convert(ConvOp.ZEXT, Type.I64, b.convert(ConvOp.BITCAST, Type.I32, v)));
      case F64 -> b.set(x(), b.convert(ConvOp.BITCAST, Type.I64, v));
      default -> b.set(x(), widen(b, v));
    }
  }

  /**
   * Two loads one instruction makes from one base at rising offsets (LDP of X or Q registers, LD1
   * of two registers), the registers written after both: the backend checks them as one access, and
   * a fault must still be the first load's to fault, at its first bad byte.
   */
  private void loadPair(BlockBuilder b) {
    Type type = random.nextBoolean() ? Type.I128 : Type.I64;
    // In a program that may fault, often a pair whose first or second load runs off the end of the
    // data window.
    Value first =
        faults && random.nextBoolean()
            ? BlockBuilder.constant(
                Type.I64, TestProcess.DATA + TestProcess.DATA_SIZE - 8L * (1 + random.nextInt(3)))
            : near(b);
    Value second = b.binary(BinOp.ADD, first, BlockBuilder.constant(Type.I64, type.bits() / 8));
    Value low = b.load(type, first, MemOrder.PLAIN);
    Value high = b.load(type, second, MemOrder.PLAIN);
    if (type == Type.I128) {
      b.set(GuestReg.v(random.nextInt(32)), low);
      b.set(GuestReg.v(random.nextInt(32)), high);
    } else {
      b.set(x(), low);
      b.set(x(), high);
    }
  }

  private void store(BlockBuilder b, Value addr) {
    Type type = MEM_TYPES[random.nextInt(MEM_TYPES.length)];
    Value v =
        switch (type) {
          case I128 -> b.get(GuestReg.v(random.nextInt(32)));
          case F32 ->
              b.convert(ConvOp.BITCAST, Type.F32, b.convert(ConvOp.TRUNC, Type.I32, reg(b)));
          case F64 -> b.convert(ConvOp.BITCAST, Type.F64, reg(b));
          default -> narrow(b, reg(b), type);
        };
    b.store(addr, v, MemOrder.PLAIN);
  }

  /**
   * 128-bit register arithmetic: shifts, logic, extension and truncation, and the lifter's halves
   * of a register and join of two halves (which the backend reads where they are).
   */
  private void vector(BlockBuilder b) {
    Value a = b.get(GuestReg.v(random.nextInt(32)));
    Value wide = b.convert(random.nextBoolean() ? ConvOp.ZEXT : ConvOp.SEXT, Type.I128, reg(b));
    Value r =
        switch (random.nextInt(8)) {
          case 0 -> b.binary(BinOp.AND, a, wide);
          case 1 -> b.binary(BinOp.OR, a, wide);
          case 2 -> b.binary(BinOp.XOR, a, wide);
          case 3 -> b.binary(BinOp.SHL, a, shiftAmount128(b));
          case 4 -> b.binary(BinOp.LSHR, a, shiftAmount128(b));
          case 5 -> {
            Value high = b.convert(ConvOp.TRUNC, Type.I64, b.binary(BinOp.LSHR, a, k128(64)));
            Value low = b.convert(ConvOp.TRUNC, Type.I64, wide);
            b.set(x(), high);
            yield join(b, random.nextBoolean() ? high : low, random.nextBoolean() ? low : high);
          }
          case 6 -> join(b, reg(b), reg(b));
          default -> b.unary(UnOp.NOT, a);
        };
    b.set(GuestReg.v(random.nextInt(32)), r);
    b.set(x(), b.convert(ConvOp.TRUNC, Type.I64, r));
  }

  /** The lifter's 128-bit value {@code high:low} of two 64-bit halves (sometimes a zero low). */
  private Value join(BlockBuilder b, Value low, Value high) {
    Value up = b.binary(BinOp.SHL, b.convert(ConvOp.ZEXT, Type.I128, high), k128(64));
    Value wideLow = b.convert(ConvOp.ZEXT, Type.I128, low);
    return random.nextInt(4) == 0 ? up : b.binary(BinOp.OR, wideLow, up);
  }

  private static Value k128(long bits) {
    return BlockBuilder.constant(Type.I128, bits);
  }

  /** A constant (as the lifter's vector code shifts) or one known only at run time. */
  private Value shiftAmount128(BlockBuilder b) {
    return random.nextBoolean()
        ? BlockBuilder.constant(Type.I128, random.nextInt(130))
        : b.convert(ConvOp.ZEXT, Type.I128, reg(b));
  }

  /** A helper call with valid selectors: an i128 result (vector or FP with FPSR) or an i64 one. */
  private void helper(BlockBuilder b) {
    Value v = b.get(GuestReg.v(random.nextInt(32)));
    Value w = b.get(GuestReg.v(random.nextInt(32)));
    Value fpcr = BlockBuilder.constant(Type.I32, (long) random.nextInt(16) << 22);
    Value fpsr = BlockBuilder.constant(Type.I32, random.nextInt(0x20));
    Value bits = BlockBuilder.constant(Type.I32, random.nextBoolean() ? 32 : 64);
    Value esize = BlockBuilder.constant(Type.I32, 8 << random.nextInt(4));
    Value r =
        switch (random.nextInt(4)) {
          case 0 ->
              b.callHelper(
                  Helper.VEC_BINARY,
                  List.of(BlockBuilder.constant(Type.I32, random.nextInt(21)), esize, v, w));
          case 1 ->
              b.callHelper(
                  Helper.FP_BINARY,
                  List.of(
                      BlockBuilder.constant(Type.I32, random.nextInt(8)),
                      bits,
                      reg(b),
                      reg(b),
                      fpcr,
                      fpsr));
          case 2 ->
              b.callHelper(
                  Helper.INT_TO_FP,
                  List.of(
                      BlockBuilder.constant(Type.I32, 64),
                      BlockBuilder.constant(Type.I32, random.nextInt(2)),
                      reg(b),
                      bits,
                      BlockBuilder.constant(Type.I32, random.nextInt(65)),
                      fpcr,
                      fpsr));
          default ->
              b.convert(
                  ConvOp.ZEXT,
                  Type.I128,
                  b.callHelper(
                      Helper.VEC_ACROSS,
                      List.of(
                          BlockBuilder.constant(Type.I32, random.nextInt(7)),
                          esize,
                          BlockBuilder.constant(Type.I32, 128),
                          v)));
        };
    b.set(GuestReg.v(random.nextInt(32)), r);
    b.set(
        x(),
        b.convert(
            ConvOp.TRUNC, Type.I64, b.binary(BinOp.LSHR, r, BlockBuilder.constant(Type.I128, 64))));
  }

  private void exclusive(BlockBuilder b) {
    Type type = INT_TYPES[random.nextInt(INT_TYPES.length)];
    Value addr =
        b.binary(
            BinOp.ADD,
            b.binary(BinOp.AND, reg(b), BlockBuilder.constant(Type.I64, 0xff0)),
            BlockBuilder.constant(Type.I64, TestProcess.DATA));
    Value old = b.loadExclusive(type, addr, MemOrder.ACQUIRE);
    Value status =
        b.storeExclusive(
            random.nextInt(4) == 0
                ? b.binary(BinOp.ADD, addr, BlockBuilder.constant(Type.I64, 8))
                : addr,
            narrow(b, reg(b), type),
            MemOrder.RELEASE);
    b.set(x(), widen(b, old));
    b.set(x(), b.convert(ConvOp.ZEXT, Type.I64, status));
  }
}
