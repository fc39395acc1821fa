package dev.recomp.lift.jvm;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * Inline caches for the generated code's indirect calls and jumps: BLR through a function pointer
 * (qsort's comparator, a callback table), BR out of a PLT stub to the function its GOT slot holds.
 * Each such site is an {@code invokedynamic} of type {@code (GuestContext, long target)long} linked
 * here. The site remembers the first {@value #MAX_TARGETS} targets it sees, each behind one compare
 * of the target address, and calls a compiled target's {@code run} directly instead of through the
 * dispatch table ({@link GuestContext#call}): HotSpot then inlines a small callee into the caller,
 * as it would a direct call. A site that sees more targets becomes a plain dispatch-table call.
 *
 * <p>A site caches nothing for its first {@value #COLD_CALLS} calls: most sites run only during
 * start-up, and building the first guard chains (method handle combinators, spun in the
 * interpreter) cost more than those few calls through the dispatch table.
 *
 * <p>Targets that were not compiled are remembered too, routed to the dispatch table, whose miss
 * path runs them by the fallback and records the miss as before. What a site calls for a given
 * target is exactly what the dispatch table would call, so caching changes speed, not behaviour.
 */
public final class IndirectCalls {
  /** The most targets one site compares against before it gives up caching. */
  static final int MAX_TARGETS = 4;

  /** How many calls a site makes through the dispatch table before it starts caching. */
  static final int COLD_CALLS = 16;

  /** {@code (GuestContext, long target)long}: an indirect call or jump in generated code. */
  private static final MethodType SITE_TYPE =
      MethodType.methodType(long.class, GuestContext.class, long.class);

  private static final MethodType RUN = MethodType.methodType(long.class, GuestContext.class);
  private static final MethodHandle DISPATCH;
  private static final MethodHandle MISS;
  private static final MethodHandle IS;

  static {
    MethodHandles.Lookup own = MethodHandles.lookup();
    try {
      DISPATCH =
          own.findVirtual(
              GuestContext.class, "call", MethodType.methodType(long.class, long.class));
      MISS = own.findVirtual(Site.class, "miss", SITE_TYPE);
      IS =
          own.findStatic(
              IndirectCalls.class,
              "is",
              MethodType.methodType(boolean.class, long.class, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private IndirectCalls() {}

  /**
   * The bootstrap method of every indirect-call {@code invokedynamic} in generated code.
   *
   * @param caller the generated class holding the site; the targets' classes are found through it
   * @param name unused (generated code names the site {@code "call"})
   * @param type must be {@code (GuestContext, long)long}
   */
  public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type) {
    if (!type.equals(SITE_TYPE)) {
      throw new IllegalArgumentException(
          "an indirect call site has type " + SITE_TYPE + ": " + type);
    }
    return new Site(caller);
  }

  private static boolean is(long expected, long target) {
    return target == expected;
  }

  /** One site's cache: a chain of guards, newest first, ending in {@link #miss}. */
  private static final class Site extends MutableCallSite {
    private final MethodHandles.Lookup caller;
    private final long[] seen = new long[MAX_TARGETS];
    private int targets;

    /** Calls while cold; racy, which only shifts when caching starts. */
    private int coldCalls;

    Site(MethodHandles.Lookup caller) {
      super(SITE_TYPE);
      this.caller = caller;
      setTarget(MISS.bindTo(this));
    }

    @SuppressWarnings("unused") // through MISS
    private long miss(GuestContext ctx, long target) {
      if (coldCalls < COLD_CALLS) {
        coldCalls++;
      } else {
        remember(ctx, target);
      }
      return ctx.call(target);
    }

    private synchronized void remember(GuestContext ctx, long target) {
      for (int i = 0; i < targets; i++) {
        if (seen[i] == target) {
          return; // another thread missed on it at the same time
        }
      }
      if (targets == MAX_TARGETS) {
        setTarget(DISPATCH);
        return;
      }
      seen[targets++] = target;
      MethodHandle test =
          MethodHandles.dropArguments(
              MethodHandles.insertArguments(IS, 0, target), 0, GuestContext.class);
      setTarget(MethodHandles.guardWithTest(test, handleFor(ctx, target), getTarget()));
    }

    /** The compiled function's {@code run}, or the dispatch table when there is none. */
    private MethodHandle handleFor(GuestContext ctx, long target) {
      if (!ctx.compiled(target)) {
        return DISPATCH;
      }
      try {
        Class<?> function = caller.findClass(JvmBackend.className(target));
        return MethodHandles.dropArguments(caller.findStatic(function, "run", RUN), 1, long.class);
      } catch (ReflectiveOperationException e) {
        return DISPATCH;
      }
    }
  }
}
