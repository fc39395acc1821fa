/**
 * Analysis, typed IR, A64 semantics, IR interpreter and the JVM bytecode backend.
 *
 * <h2>The IR data model</h2>
 *
 * <p>One A64 instruction lifts to a short sequence of typed operations. The grammar, with each
 * kind's components (records in {@link dev.recomp.lift.Op} and {@link dev.recomp.lift.Terminator}):
 *
 * <pre>{@code
 * Block      = Block(long pc, List<Op> ops, Terminator terminator)
 * Type       = i1 | i8 | i16 | i32 | i64 | i128 | f32 | f64
 * Value      = Temp(int id, Type) | Const(Type, long lo, long hi)
 * GuestReg   = x0..x30 | sp | v0..v31 | nzcv | fpcr | fpsr | tpidr_el0
 * Op         = Get(Temp dst, GuestReg)                 dst = guest register
 *            | Set(GuestReg, Value)                    guest register = value
 *            | Binary(Temp dst, BinOp, Value a, Value b)
 *            | Unary(Temp dst, UnOp, Value a)
 *            | Convert(Temp dst, ConvOp, Value a)      zext | sext | trunc | bitcast
 *            | Compare(Temp dst:i1, CmpOp, Value a, Value b)
 *            | Select(Temp dst, Value cond:i1, Value ifTrue, Value ifFalse)
 *            | AddFlags(Temp dst:i32, Value a, Value b, Value carryIn:i1)   NZCV of AddWithCarry
 *            | NzFlags(Temp dst:i32, Value result)     NZCV of a logical result (C = V = 0)
 *            | CondHolds(Temp dst:i1, Cond, Value nzcv:i32)
 *            | Load(Temp dst, Value addr:i64, MemOrder)          size = dst type
 *            | Store(Value addr:i64, Value value, MemOrder)      size = value type
 *            | LoadExclusive(Temp dst, Value addr:i64, MemOrder)
 *            | StoreExclusive(Temp status:i32, Value addr:i64, Value value, MemOrder)
 *            | ClearExclusive() | Barrier(BarrierKind)
 *            | CallHelper(Temp dst, Helper, List<Value> args)
 *            | InsnStart(long pc, int word)            marks each guest instruction
 * BinOp      = add sub mul umulh smulh udiv sdiv and or xor shl lshr ashr ror
 * UnOp       = not neg clz cls rbit bswap
 * CmpOp      = eq ne ult ule ugt uge slt sle sgt sge
 * MemOrder   = plain | acquire | release
 * Terminator = Jump(long target) | Branch(Value cond:i1, long taken, long notTaken)
 *            | IndirectJump(Value target:i64, jump|return)
 *            | Call(long target, long returnTo) | CallIndirect(Value target:i64, long returnTo)
 *            | Syscall(int imm, long next) | Trap(TrapKind, long pc, int word, int imm)
 * }</pre>
 *
 * <p>Typing: binary and unary operands and results share one integer type ({@code i128} only for
 * and/or/xor/shl/lshr/not); shift amounts are taken modulo the width; flags are computed on i32 or
 * i64. Temporaries are SSA inside a block. Exclusive accesses and ordered (acquire/release)
 * accesses require natural alignment, as on an ARMv8.0 CPU without LSE2; plain ones do not. {@link
 * dev.recomp.lift.IrVerifier#verify} checks all of it and returns the problems as {@link
 * dev.recomp.lift.IrError} values.
 *
 * <h2>Text form</h2>
 *
 * <pre>{@code
 * block 0x400000:
 * ; 0x400000: ab020020
 *   %0:i64 = get x1
 *   %1:i64 = get x2
 *   %2:i64 = add %0, %1
 *   %3:i32 = addflags %0, %1, 0x0:i1
 *   set nzcv, %3
 *   set x0, %2
 *   jump 0x400004
 * }</pre>
 */
package dev.recomp.lift;
