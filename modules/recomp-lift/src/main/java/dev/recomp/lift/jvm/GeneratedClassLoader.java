package dev.recomp.lift.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Defines generated classes in memory, for running a program without writing a jar ({@code recomp
 * run} in-process, tests). The runtime and backend classes come from the parent loader.
 */
public final class GeneratedClassLoader extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();

  public GeneratedClassLoader(List<JvmBackend.GeneratedClass> generated, ClassLoader parent) {
    super("recomp-guest", parent);
    for (JvmBackend.GeneratedClass c : generated) {
      classes.put(c.name(), c.bytes());
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** The program's dispatch table. */
  public DispatchTable dispatchTable() {
    return JvmBackend.dispatchTable(this);
  }
}
