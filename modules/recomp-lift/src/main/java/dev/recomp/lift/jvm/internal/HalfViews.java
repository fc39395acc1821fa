package dev.recomp.lift.jvm.internal;

import dev.recomp.lift.Op;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.ConvOp;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.Value.Const;
import dev.recomp.lift.Value.Temp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The temporaries of a block whose value is only a rearrangement of 64-bit halves that other values
 * already hold: an {@code i128} zero-extended from 64 bits or fewer, shifted by 0 or 64, or-ed from
 * two values whose halves do not overlap (the lifter's join of two halves), and the low 64 bits of
 * an {@code i128}. The lifter's vector code makes them at every access of half a vector register.
 * The emitter gives them no locals and no code: a use reads the halves where they are. Without
 * this, each was a copy of one or two longs into locals of its own, a quarter of the bytecode of a
 * floating-point loop, which C2 counts against what it may inline.
 */
final class HalfViews {
  private HalfViews() {}

  /** The low or high 64 bits of {@code value} (an {@code i64} or narrower value has only a low). */
  record Half(Value value, boolean high) {}

  /** A view's low and high halves; {@code high} is null for a 64-bit view. */
  record View(Half low, Half high) {}

  private static final Half ZERO = new Half(Const.of(Type.I64, 0), false);

  /** The views among the temporaries {@code ops} define, by id. */
  static Map<Integer, View> of(List<Op> ops) {
    Map<Integer, View> views = new HashMap<>();
    for (Op op : ops) {
      if (op instanceof Op.Def d) {
        View v = viewOf(d, views);
        if (v != null) {
          views.put(d.dst().id(), v);
        }
      }
    }
    return views;
  }

  private static View viewOf(Op.Def def, Map<Integer, View> views) {
    return switch (def) {
      case Op.Convert c
          when c.op() == ConvOp.ZEXT && c.dst().type() == Type.I128 && c.a().type().bits() <= 64 ->
          new View(new Half(c.a(), false), ZERO);
      case Op.Convert c
          when c.op() == ConvOp.TRUNC && c.dst().type() == Type.I64 && c.a().type() == Type.I128 ->
          new View(new Half(c.a(), false), null);
      case Op.Binary b when b.a().type() == Type.I128 -> binaryView(b, views);
      default -> null;
    };
  }

  private static View binaryView(Op.Binary b, Map<Integer, View> views) {
    Value a = b.a();
    Half low = new Half(a, false);
    Half high = new Half(a, true);
    if (b.op() == BinOp.OR) {
      Half otherLow = new Half(b.b(), false);
      Half otherHigh = new Half(b.b(), true);
      Half joinedLow = isZero(low, views) ? otherLow : isZero(otherLow, views) ? low : null;
      Half joinedHigh = isZero(high, views) ? otherHigh : isZero(otherHigh, views) ? high : null;
      return joinedLow != null && joinedHigh != null ? new View(joinedLow, joinedHigh) : null;
    }
    if (!(b.b() instanceof Const amount)
        || amount.hi() != 0
        || (b.op() != BinOp.SHL && b.op() != BinOp.LSHR)) {
      return null;
    }
    boolean left = b.op() == BinOp.SHL;
    return switch ((int) Math.min(amount.lo(), Integer.MAX_VALUE)) {
      case 0 -> new View(low, high);
      case 64 -> left ? new View(ZERO, low) : new View(high, ZERO);
      default -> null;
    };
  }

  /** Whether a half is known to be zero: of a constant, or a zero half of a view. */
  private static boolean isZero(Half h, Map<Integer, View> views) {
    return switch (h.value()) {
      case Const c -> (h.high() ? c.hi() : c.lo()) == 0;
      case Temp t when views.get(t.id()) instanceof View v -> {
        Half inner = h.high() ? v.high() : v.low();
        yield inner != null && isZero(inner, views);
      }
      case Temp _ -> false;
    };
  }
}
