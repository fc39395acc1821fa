package dev.recomp.lift;

import java.util.Locale;
import java.util.stream.Collectors;

/** Renders blocks in the IR text form described in {@code package-info.java}. */
public final class IrPrinter {
  private IrPrinter() {}

  /** The text form of {@code block}, one line per operation, ending with a newline. */
  public static String print(Block block) {
    StringBuilder out = new StringBuilder("block ").append(hex(block.pc())).append(":\n");
    for (Op op : block.ops()) {
      out.append(op instanceof Op.InsnStart ? "" : "  ").append(print(op)).append('\n');
    }
    return out.append("  ").append(print(block.terminator())).append('\n').toString();
  }

  /** The text form of one operation. */
  public static String print(Op op) {
    return switch (op) {
      case Op.Get g -> def(g) + "get " + g.reg();
      case Op.Set s -> "set " + s.reg() + ", " + s.value();
      case Op.Binary b -> def(b) + lower(b.op()) + " " + b.a() + ", " + b.b();
      case Op.Unary u -> def(u) + lower(u.op()) + " " + u.a();
      case Op.Convert c -> def(c) + lower(c.op()) + " " + c.a();
      case Op.Compare c -> def(c) + "cmp." + lower(c.op()) + " " + c.a() + ", " + c.b();
      case Op.Select s -> def(s) + "select " + s.cond() + ", " + s.ifTrue() + ", " + s.ifFalse();
      case Op.AddFlags f -> def(f) + "addflags " + f.a() + ", " + f.b() + ", " + f.carryIn();
      case Op.NzFlags f -> def(f) + "nzflags " + f.result();
      case Op.CondHolds c -> def(c) + "cond." + c.cond() + " " + c.nzcv();
      case Op.Load l -> def(l) + "load" + order(l.order()) + " " + l.addr();
      case Op.Store s -> "store" + order(s.order()) + " " + s.addr() + ", " + s.value();
      case Op.LoadExclusive l -> def(l) + "ldex" + order(l.order()) + " " + l.addr();
      case Op.StoreExclusive s ->
          def(s) + "stex" + order(s.order()) + " " + s.addr() + ", " + s.value();
      case Op.ClearExclusive _ -> "clrex";
      case Op.Barrier b -> "barrier " + lower(b.kind());
      case Op.CallHelper c ->
          def(c)
              + "call "
              + c.helper()
              + c.args().stream().map(Value::toString).collect(Collectors.joining(", ", "(", ")"));
      case Op.InsnStart i -> String.format("; %s: %08x", hex(i.pc()), i.word());
    };
  }

  /** The text form of a terminator. */
  public static String print(Terminator t) {
    return switch (t) {
      case Terminator.Jump j -> "jump " + hex(j.target());
      case Terminator.Branch b ->
          "branch " + b.cond() + ", " + hex(b.taken()) + ", " + hex(b.notTaken());
      case Terminator.IndirectJump j -> "ijump." + lower(j.kind()) + " " + j.target();
      case Terminator.Call c -> "call " + hex(c.target()) + " return " + hex(c.returnTo());
      case Terminator.CallIndirect c -> "icall " + c.target() + " return " + hex(c.returnTo());
      case Terminator.Syscall s -> "svc " + hex(s.imm()) + " next " + hex(s.next());
      case Terminator.Trap r ->
          String.format(
              "trap.%s pc %s word %08x imm %s",
              lower(r.kind()), hex(r.pc()), r.word(), hex(r.imm()));
    };
  }

  private static String def(Op.Def d) {
    return d.dst() + ":" + d.dst().type() + " = ";
  }

  private static String order(Op.MemOrder order) {
    return order == Op.MemOrder.PLAIN ? "" : "." + lower(order);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
