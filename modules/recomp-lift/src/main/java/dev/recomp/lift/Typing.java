package dev.recomp.lift;

import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.UnOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The IR's typing rules, written once for the {@code of} factories and {@link IrVerifier}. */
final class Typing {
  private Typing() {}

  /** Operators also defined on {@code i128}; the others stop at 64 bits. */
  private static final Set<BinOp> WIDE_BINARY =
      Set.of(BinOp.AND, BinOp.OR, BinOp.XOR, BinOp.SHL, BinOp.LSHR);

  static <T extends Op> T checked(T op) {
    List<String> problems = problems(op);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems.getFirst());
    }
    return op;
  }

  static void requireAddress(Value v, String what) {
    if (v.type() != Type.I64) {
      throw new IllegalArgumentException(what + " must be i64, not " + v.type());
    }
  }

  /** Every typing problem of {@code op}, or an empty list. */
  static List<String> problems(Op op) {
    List<String> p = new ArrayList<>();
    switch (op) {
      case Op.Get g -> same(p, "get", g.dst().type(), g.reg().type());
      case Op.Set s -> same(p, "set " + s.reg(), s.value().type(), s.reg().type());
      case Op.Binary b -> {
        integer(p, b.op().name().toLowerCase(java.util.Locale.ROOT), b.a().type());
        same(p, "binary operands", b.a().type(), b.b().type());
        same(p, "binary result", b.dst().type(), b.a().type());
        if (b.a().type() == Type.I128 && !WIDE_BINARY.contains(b.op())) {
          p.add(b.op() + " is not defined on i128");
        }
        if ((b.op() == BinOp.UMULH || b.op() == BinOp.SMULH) && b.a().type() != Type.I64) {
          p.add(b.op() + " needs i64 operands, not " + b.a().type());
        }
      }
      case Op.Unary u -> {
        integer(p, u.op().name().toLowerCase(java.util.Locale.ROOT), u.a().type());
        same(p, "unary result", u.dst().type(), u.a().type());
        if (u.a().type() == Type.I128 && u.op() != UnOp.NOT) {
          p.add(u.op() + " is not defined on i128");
        }
      }
      case Op.Convert c -> convert(p, c);
      case Op.Compare c -> {
        same(p, "compare result", c.dst().type(), Type.I1);
        integer(p, "compare", c.a().type());
        same(p, "compare operands", c.a().type(), c.b().type());
        if (c.a().type() == Type.I128) {
          p.add("compare is not defined on i128");
        }
      }
      case Op.Select s -> {
        same(p, "select condition", s.cond().type(), Type.I1);
        same(p, "select operands", s.ifTrue().type(), s.ifFalse().type());
        same(p, "select result", s.dst().type(), s.ifTrue().type());
      }
      case Op.AddFlags f -> {
        same(p, "addflags result", f.dst().type(), Type.I32);
        flagWidth(p, f.a().type());
        same(p, "addflags operands", f.a().type(), f.b().type());
        same(p, "addflags carry", f.carryIn().type(), Type.I1);
      }
      case Op.NzFlags f -> {
        same(p, "nzflags result", f.dst().type(), Type.I32);
        flagWidth(p, f.result().type());
      }
      case Op.CondHolds c -> {
        same(p, "cond result", c.dst().type(), Type.I1);
        same(p, "cond flags", c.nzcv().type(), Type.I32);
      }
      case Op.Load l -> {
        same(p, "load address", l.addr().type(), Type.I64);
        memory(p, l.dst().type());
      }
      case Op.Store s -> {
        same(p, "store address", s.addr().type(), Type.I64);
        memory(p, s.value().type());
      }
      case Op.LoadExclusive l -> {
        same(p, "ldex address", l.addr().type(), Type.I64);
        memory(p, l.dst().type());
      }
      case Op.StoreExclusive s -> {
        same(p, "stex status", s.dst().type(), Type.I32);
        same(p, "stex address", s.addr().type(), Type.I64);
        memory(p, s.value().type());
      }
      case Op.CallHelper c -> {
        same(p, c.helper() + " result", c.dst().type(), c.helper().result());
        if (c.args().size() != c.helper().params().size()) {
          p.add(
              c.helper()
                  + " takes "
                  + c.helper().params().size()
                  + " arguments, not "
                  + c.args().size());
        } else {
          for (int i = 0; i < c.args().size(); i++) {
            same(
                p,
                c.helper() + " argument " + i,
                c.args().get(i).type(),
                c.helper().params().get(i));
          }
        }
      }
      case Op.ClearExclusive _, Op.Barrier _, Op.InsnStart _ -> {}
    }
    return p;
  }

  private static void convert(List<String> p, Op.Convert c) {
    Type from = c.a().type();
    Type to = c.dst().type();
    switch (c.op()) {
      case ZEXT, SEXT -> {
        integer(p, "extension", from);
        integer(p, "extension", to);
        if (to.bits() <= from.bits()) {
          p.add(c.op() + " must widen, not " + from + " to " + to);
        }
      }
      case TRUNC -> {
        integer(p, "trunc", from);
        integer(p, "trunc", to);
        if (to.bits() >= from.bits()) {
          p.add("TRUNC must narrow, not " + from + " to " + to);
        }
      }
      case BITCAST -> {
        if (from.bits() != to.bits() || from.isFloat() == to.isFloat()) {
          p.add("BITCAST needs an integer and a float of one width, not " + from + " to " + to);
        }
      }
    }
  }

  private static void same(List<String> p, String what, Type actual, Type expected) {
    if (actual != expected) {
      p.add(what + " must be " + expected + ", not " + actual);
    }
  }

  private static void integer(List<String> p, String what, Type t) {
    if (!t.isInteger()) {
      p.add(what + " needs an integer type, not " + t);
    }
  }

  private static void flagWidth(List<String> p, Type t) {
    if (t != Type.I32 && t != Type.I64) {
      p.add("flags are computed on i32 or i64, not " + t);
    }
  }

  private static void memory(List<String> p, Type t) {
    if (t == Type.I1) {
      p.add("memory accesses need a type of 8 bits or more, not i1");
    }
  }
}
