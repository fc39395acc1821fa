package dev.recomp.lift.jvm;

import dev.recomp.lift.jvm.internal.DispatchCompiler;
import dev.recomp.lift.jvm.internal.FunctionCompiler;
import java.lang.constant.ClassDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JVM bytecode backend: guest functions in, class files out. Each function becomes class {@code
 * recomp.guest.F<hex entry>} with {@code public static long run(GuestContext)}; the program gets
 * one {@link DispatchTable} class, {@link #DISPATCH_CLASS}. docs/backend.md describes the generated
 * code.
 */
public final class JvmBackend {
  /** The package of generated classes. */
  public static final String PACKAGE = "recomp.guest";

  /** The generated dispatch table class. */
  public static final String DISPATCH_CLASS = PACKAGE + ".Dispatch";

  /**
   * Default estimated bytecode size of one method before a function is split into regions. The
   * estimate is an upper bound, about 1.7 times the real size of typical code; whatever the plan, a
   * method that comes out above HotSpot's 8,000-byte limit for JIT compilation is re-planned
   * ({@link dev.recomp.lift.jvm.internal.FunctionCompiler#JIT_LIMIT}).
   */
  public static final int DEFAULT_REGION_BYTES = 12_000;

  /** One generated class file. */
  public record GeneratedClass(String name, byte[] bytes) {
    /** The class file's path inside a jar. */
    public String entryName() {
      return name.replace('.', '/') + ".class";
    }
  }

  private JvmBackend() {}

  /** The binary name of the class compiled for the function at {@code entry}. */
  public static String className(long entry) {
    return PACKAGE + ".F" + Long.toHexString(entry);
  }

  /** The dispatch table of the program whose generated classes {@code loader} defines. */
  public static DispatchTable dispatchTable(ClassLoader loader) {
    try {
      return (DispatchTable)
          Class.forName(DISPATCH_CLASS, true, loader).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(
          "the generated dispatch table " + DISPATCH_CLASS + " cannot be loaded: " + e, e);
    }
  }

  /** Compiles {@code functions} and their dispatch table, in address order. */
  public static List<GeneratedClass> compile(List<GuestFunction> functions) {
    return compile(functions, DEFAULT_REGION_BYTES);
  }

  /** As {@link #compile(List)}, splitting methods above {@code regionBytes} estimated bytes. */
  public static List<GeneratedClass> compile(List<GuestFunction> functions, int regionBytes) {
    SortedMap<Long, ClassDesc> entries = new TreeMap<>(Long::compareUnsigned);
    for (GuestFunction f : functions) {
      if (entries.put(f.entry(), ClassDesc.of(className(f.entry()))) != null) {
        throw new IllegalArgumentException(String.format("two functions start at 0x%x", f.entry()));
      }
    }
    List<GeneratedClass> out = new ArrayList<>();
    List<GuestFunction> sorted = new ArrayList<>(functions);
    sorted.sort((a, b) -> Long.compareUnsigned(a.entry(), b.entry()));
    for (GuestFunction f : sorted) {
      ClassDesc self = entries.get(f.entry());
      byte[] bytes =
          FunctionCompiler.compile(
              f, self, target -> Optional.ofNullable(entries.get(target)), regionBytes);
      out.add(new GeneratedClass(className(f.entry()), bytes));
    }
    out.add(
        new GeneratedClass(
            DISPATCH_CLASS, DispatchCompiler.compile(ClassDesc.of(DISPATCH_CLASS), entries)));
    return out;
  }
}
