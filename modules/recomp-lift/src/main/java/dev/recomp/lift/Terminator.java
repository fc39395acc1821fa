package dev.recomp.lift;

import java.util.Objects;

/** How a block ends. Addresses are guest virtual addresses. */
public sealed interface Terminator {

  /** Continue at a known address (B, or fall through to the next instruction). */
  record Jump(long target) implements Terminator {}

  /** Continue at {@code taken} if {@code cond:i1} is true, else at {@code notTaken}. */
  record Branch(Value cond, long taken, long notTaken) implements Terminator {
    public Branch {
      Objects.requireNonNull(cond, "cond");
    }

    public static Branch of(Value cond, long taken, long notTaken) {
      if (cond.type() != Type.I1) {
        throw new IllegalArgumentException("branch condition must be i1, not " + cond.type());
      }
      return new Branch(cond, taken, notTaken);
    }
  }

  /** What an indirect jump is for; a hint only, the target decides. */
  enum IndirectKind {
    JUMP,
    RETURN
  }

  /** Continue at {@code target:i64} (BR, RET). */
  record IndirectJump(Value target, IndirectKind kind) implements Terminator {
    public IndirectJump {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(kind, "kind");
    }

    public static IndirectJump of(Value target, IndirectKind kind) {
      Typing.requireAddress(target, "indirect jump target");
      return new IndirectJump(target, kind);
    }
  }

  /** Direct call (BL): the block has already set X30; the callee returns to {@code returnTo}. */
  record Call(long target, long returnTo) implements Terminator {}

  /** Indirect call (BLR). */
  record CallIndirect(Value target, long returnTo) implements Terminator {
    public CallIndirect {
      Objects.requireNonNull(target, "target");
    }

    public static CallIndirect of(Value target, long returnTo) {
      Typing.requireAddress(target, "indirect call target");
      return new CallIndirect(target, returnTo);
    }
  }

  /** Supervisor call {@code SVC #imm}; execution resumes at {@code next}. */
  record Syscall(int imm, long next) implements Terminator {}

  /** Why a trap is raised. */
  enum TrapKind {
    /** The word does not decode to an allocated instruction. */
    UNDEFINED,
    /** Decoded, but the lifter has no semantics for it yet. */
    UNIMPLEMENTED,
    /** BRK #imm. */
    BREAKPOINT,
    /** HLT #imm. */
    HALT,
    /** UDF #imm. */
    PERMANENTLY_UNDEFINED
  }

  /** Stops guest execution at {@code pc}, reporting the encoding {@code word} and {@code imm}. */
  record Trap(TrapKind kind, long pc, int word, int imm) implements Terminator {
    public Trap {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
