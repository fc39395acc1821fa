package dev.recomp.lift.jvm;

import dev.recomp.runtime.GuestMemory;
import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bootstrap methods for the {@code invokedynamic} call sites of generated code. Part of the runtime
 * ABI: generated classes name these methods.
 *
 * <p>Why not plain {@code invokevirtual}: C2 stops inlining ordinary calls once a compilation has
 * created about 18,000 IR nodes, and one guest memory access (the permission check plus the FFM
 * access chain) costs several hundred. In a large generated method, every access past the first few
 * dozen stayed an out-of-line call. A call that a method handle's lambda form makes is exempt from
 * that cutoff, so a constant call site to the same method is inlined wherever it is hot, while the
 * bytecode, and C1's work on it, stays as small as a plain call. Helpers and the flag packing at
 * exits are called the same way.
 */
public final class CallSites {
  private CallSites() {}

  /**
   * Links a call site named after one of {@link GuestMemory}'s accessors ({@code load32}, {@code
   * store8}, ...) whose type is that accessor's with the memory as the first parameter.
   *
   * @throws NoSuchMethodException if GuestMemory has no such public accessor
   * @throws IllegalAccessException never, for a public accessor
   */
  public static CallSite guestMemory(MethodHandles.Lookup caller, String name, MethodType type)
      throws NoSuchMethodException, IllegalAccessException {
    return new ConstantCallSite(
        MethodHandles.publicLookup()
            .findVirtual(GuestMemory.class, name, type.dropParameterTypes(0, 1)));
  }

  /**
   * Links a call site to the public static method {@code name} of {@code owner} whose type is the
   * call site's.
   *
   * @throws NoSuchMethodException if {@code owner} has no such public static method
   * @throws IllegalAccessException if {@code owner} is not public
   */
  public static CallSite staticMethod(
      MethodHandles.Lookup caller, String name, MethodType type, Class<?> owner)
      throws NoSuchMethodException, IllegalAccessException {
    return new ConstantCallSite(MethodHandles.publicLookup().findStatic(owner, name, type));
  }
}
