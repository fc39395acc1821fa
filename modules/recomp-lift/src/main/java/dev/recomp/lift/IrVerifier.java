package dev.recomp.lift;

import dev.recomp.lift.Value.Temp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks blocks against the grammar and typing rules; problems come back as values. */
public final class IrVerifier {
  private IrVerifier() {}

  /**
   * Verifies {@code block}: each temporary is defined once before any use and used at its defined
   * type, every operation is well typed, and the terminator's operands are defined.
   *
   * @return the problems found, empty if the block is valid
   */
  public static List<IrError> verify(Block block) {
    List<IrError> errors = new ArrayList<>();
    Map<Integer, Type> defined = new HashMap<>();
    List<Op> ops = block.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      int index = i;
      for (String problem : Typing.problems(op)) {
        errors.add(new IrError(block.pc(), index, problem));
      }
      for (Value v : op.operands()) {
        checkUse(block, index, v, defined, errors);
      }
      if (op instanceof Op.Def def) {
        Temp t = def.dst();
        if (t.id() < 0) {
          errors.add(new IrError(block.pc(), index, "negative temporary " + t));
        } else if (defined.putIfAbsent(t.id(), t.type()) != null) {
          errors.add(new IrError(block.pc(), index, t + " is defined twice"));
        }
      }
    }
    for (Value v : operands(block.terminator())) {
      checkUse(block, -1, v, defined, errors);
    }
    switch (block.terminator()) {
      case Terminator.Branch b when b.cond().type() != Type.I1 ->
          errors.add(new IrError(block.pc(), -1, "branch condition must be i1"));
      case Terminator.IndirectJump j when j.target().type() != Type.I64 ->
          errors.add(new IrError(block.pc(), -1, "indirect jump target must be i64"));
      case Terminator.CallIndirect c when c.target().type() != Type.I64 ->
          errors.add(new IrError(block.pc(), -1, "indirect call target must be i64"));
      default -> {}
    }
    return List.copyOf(errors);
  }

  private static void checkUse(
      Block block, int index, Value v, Map<Integer, Type> defined, List<IrError> errors) {
    if (v instanceof Temp t) {
      Type type = defined.get(t.id());
      if (type == null) {
        errors.add(new IrError(block.pc(), index, t + " is used before it is defined"));
      } else if (type != t.type()) {
        errors.add(
            new IrError(
                block.pc(), index, t + " is used as " + t.type() + " but defined as " + type));
      }
    }
  }

  static List<Value> operands(Terminator t) {
    return switch (t) {
      case Terminator.Branch b -> List.of(b.cond());
      case Terminator.IndirectJump j -> List.of(j.target());
      case Terminator.CallIndirect c -> List.of(c.target());
      case Terminator.Jump _, Terminator.Call _, Terminator.Syscall _, Terminator.Trap _ ->
          List.of();
    };
  }
}
