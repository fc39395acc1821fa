package dev.recomp.lift;

import dev.recomp.lift.Value.Temp;
import java.util.List;
import java.util.Objects;

/**
 * A straight-line IR operation. The grammar is in {@code package-info.java}. Every {@code of}
 * factory checks operand kinds and throws {@link IllegalArgumentException}; the canonical
 * constructors check only nulls, and {@link IrVerifier} reports everything as values.
 */
public sealed interface Op {

  /** The values this operation reads, in text-form order. */
  default List<Value> operands() {
    return switch (this) {
      case Op.Get _, Op.ClearExclusive _, Op.Barrier _, Op.InsnStart _ -> List.of();
      case Op.Set s -> List.of(s.value());
      case Op.Binary b -> List.of(b.a(), b.b());
      case Op.Unary u -> List.of(u.a());
      case Op.Convert c -> List.of(c.a());
      case Op.Compare c -> List.of(c.a(), c.b());
      case Op.Select s -> List.of(s.cond(), s.ifTrue(), s.ifFalse());
      case Op.AddFlags f -> List.of(f.a(), f.b(), f.carryIn());
      case Op.NzFlags f -> List.of(f.result());
      case Op.CondHolds c -> List.of(c.nzcv());
      case Op.Load l -> List.of(l.addr());
      case Op.Store s -> List.of(s.addr(), s.value());
      case Op.LoadExclusive l -> List.of(l.addr());
      case Op.StoreExclusive s -> List.of(s.addr(), s.value());
      case Op.CallHelper c -> c.args();
    };
  }

  /** An operation that defines a temporary. */
  sealed interface Def extends Op {
    Temp dst();
  }

  /** Integer binary operators. Shift and rotate amounts are taken modulo the width. */
  enum BinOp {
    ADD,
    SUB,
    MUL,
    /** High half of the unsigned 128-bit product (64-bit operands only). */
    UMULH,
    /** High half of the signed 128-bit product (64-bit operands only). */
    SMULH,
    /** Unsigned division; division by zero yields 0 as on A64. */
    UDIV,
    /** Signed division truncating toward zero; x/0 = 0 and MIN/-1 = MIN as on A64. */
    SDIV,
    AND,
    OR,
    XOR,
    SHL,
    LSHR,
    ASHR,
    ROR
  }

  /** Integer unary operators. */
  enum UnOp {
    NOT,
    NEG,
    /** Count leading zero bits. */
    CLZ,
    /** Count leading bits equal to the sign bit, excluding the sign bit itself. */
    CLS,
    /** Reverse the bit order. */
    RBIT,
    /** Reverse the byte order. */
    BSWAP
  }

  /** Width and representation changes. */
  enum ConvOp {
    ZEXT,
    SEXT,
    TRUNC,
    /** Reinterpret between an integer and a float type of the same width. */
    BITCAST
  }

  /** Integer comparisons producing {@code i1}. */
  enum CmpOp {
    EQ,
    NE,
    ULT,
    ULE,
    UGT,
    UGE,
    SLT,
    SLE,
    SGT,
    SGE
  }

  /** Memory ordering of an access. */
  enum MemOrder {
    PLAIN,
    /** Load-acquire (LDAR, LDAXR). */
    ACQUIRE,
    /** Store-release (STLR, STLXR). */
    RELEASE
  }

  /** Barrier kinds (DMB, DSB, ISB). */
  enum BarrierKind {
    DATA_MEMORY,
    DATA_SYNC,
    INSTRUCTION_SYNC
  }

  /** Reads a guest register. */
  record Get(Temp dst, GuestReg reg) implements Def {
    public Get {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(reg, "reg");
    }

    public static Get of(Temp dst, GuestReg reg) {
      return Typing.checked(new Get(dst, reg));
    }
  }

  /** Writes a guest register. */
  record Set(GuestReg reg, Value value) implements Op {
    public Set {
      Objects.requireNonNull(reg, "reg");
      Objects.requireNonNull(value, "value");
    }

    public static Set of(GuestReg reg, Value value) {
      return Typing.checked(new Set(reg, value));
    }
  }

  /** {@code dst = a op b}; all three of one integer type. */
  record Binary(Temp dst, BinOp op, Value a, Value b) implements Def {
    public Binary {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }

    public static Binary of(Temp dst, BinOp op, Value a, Value b) {
      return Typing.checked(new Binary(dst, op, a, b));
    }
  }

  /** {@code dst = op a}; both of one integer type. */
  record Unary(Temp dst, UnOp op, Value a) implements Def {
    public Unary {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
    }

    public static Unary of(Temp dst, UnOp op, Value a) {
      return Typing.checked(new Unary(dst, op, a));
    }
  }

  /** Zero/sign extension, truncation, or an integer-float bit cast. */
  record Convert(Temp dst, ConvOp op, Value a) implements Def {
    public Convert {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
    }

    public static Convert of(Temp dst, ConvOp op, Value a) {
      return Typing.checked(new Convert(dst, op, a));
    }
  }

  /** {@code dst:i1 = a op b}. */
  record Compare(Temp dst, CmpOp op, Value a, Value b) implements Def {
    public Compare {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
    }

    public static Compare of(Temp dst, CmpOp op, Value a, Value b) {
      return Typing.checked(new Compare(dst, op, a, b));
    }
  }

  /** {@code dst = cond ? ifTrue : ifFalse}. */
  record Select(Temp dst, Value cond, Value ifTrue, Value ifFalse) implements Def {
    public Select {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(cond, "cond");
      Objects.requireNonNull(ifTrue, "ifTrue");
      Objects.requireNonNull(ifFalse, "ifFalse");
    }

    public static Select of(Temp dst, Value cond, Value ifTrue, Value ifFalse) {
      return Typing.checked(new Select(dst, cond, ifTrue, ifFalse));
    }
  }

  /**
   * The NZCV flags ({@code i32}, packed as in the NZCV register) of the A64 pseudocode's {@code
   * AddWithCarry(a, b, carryIn)}. Subtraction is {@code AddWithCarry(a, NOT b, 1)}. Kept as one
   * operation with its operands so that a backend can compute flags lazily.
   */
  record AddFlags(Temp dst, Value a, Value b, Value carryIn) implements Def {
    public AddFlags {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(a, "a");
      Objects.requireNonNull(b, "b");
      Objects.requireNonNull(carryIn, "carryIn");
    }

    public static AddFlags of(Temp dst, Value a, Value b, Value carryIn) {
      return Typing.checked(new AddFlags(dst, a, b, carryIn));
    }
  }

  /** NZCV of a logical result: N and Z from {@code result}, C and V clear. */
  record NzFlags(Temp dst, Value result) implements Def {
    public NzFlags {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(result, "result");
    }

    public static NzFlags of(Temp dst, Value result) {
      return Typing.checked(new NzFlags(dst, result));
    }
  }

  /** {@code dst:i1} = whether condition {@code cond} holds for the flags {@code nzcv:i32}. */
  record CondHolds(Temp dst, Cond cond, Value nzcv) implements Def {
    public CondHolds {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(cond, "cond");
      Objects.requireNonNull(nzcv, "nzcv");
    }

    public static CondHolds of(Temp dst, Cond cond, Value nzcv) {
      return Typing.checked(new CondHolds(dst, cond, nzcv));
    }
  }

  /** Little-endian load of {@code dst.type()} (i8..i128, f32, f64) from {@code addr:i64}. */
  record Load(Temp dst, Value addr, MemOrder order) implements Def {
    public Load {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(addr, "addr");
      Objects.requireNonNull(order, "order");
    }

    public static Load of(Temp dst, Value addr, MemOrder order) {
      return Typing.checked(new Load(dst, addr, order));
    }
  }

  /** Little-endian store of {@code value} (i8..i128, f32, f64) to {@code addr:i64}. */
  record Store(Value addr, Value value, MemOrder order) implements Op {
    public Store {
      Objects.requireNonNull(addr, "addr");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(order, "order");
    }

    public static Store of(Value addr, Value value, MemOrder order) {
      return Typing.checked(new Store(addr, value, order));
    }
  }

  /** A load that also marks {@code [addr, addr+size)} in the exclusive monitor (LDXR). */
  record LoadExclusive(Temp dst, Value addr, MemOrder order) implements Def {
    public LoadExclusive {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(addr, "addr");
      Objects.requireNonNull(order, "order");
    }

    public static LoadExclusive of(Temp dst, Value addr, MemOrder order) {
      return Typing.checked(new LoadExclusive(dst, addr, order));
    }
  }

  /**
   * Stores {@code value} only if the monitor holds exactly this address and size, then clears the
   * monitor; {@code status:i32} is 0 on success and 1 on failure (STXR).
   */
  record StoreExclusive(Temp dst, Value addr, Value value, MemOrder order) implements Def {
    public StoreExclusive {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(addr, "addr");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(order, "order");
    }

    public static StoreExclusive of(Temp dst, Value addr, Value value, MemOrder order) {
      return Typing.checked(new StoreExclusive(dst, addr, value, order));
    }
  }

  /** Clears the exclusive monitor (CLREX). */
  record ClearExclusive() implements Op {}

  /** A memory or instruction barrier. */
  record Barrier(BarrierKind kind) implements Op {
    public Barrier {
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** Calls a named runtime helper for an operation too complex to inline. */
  record CallHelper(Temp dst, Helper helper, List<Value> args) implements Def {
    public CallHelper {
      Objects.requireNonNull(dst, "dst");
      Objects.requireNonNull(helper, "helper");
      args = List.copyOf(args);
    }

    public static CallHelper of(Temp dst, Helper helper, List<Value> args) {
      return Typing.checked(new CallHelper(dst, helper, args));
    }
  }

  /** Marks the start of the guest instruction at {@code pc} whose encoding is {@code word}. */
  record InsnStart(long pc, int word) implements Op {}
}
