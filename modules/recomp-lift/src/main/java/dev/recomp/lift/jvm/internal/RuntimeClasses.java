package dev.recomp.lift.jvm.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes and resources a runnable jar must carry: everything reachable from a set of class
 * files through their constant pools, found through a class loader, except what the JDK provides.
 *
 * <p>Reachability over-approximates on purpose: every UTF-8 constant is scanned for names, so
 * descriptors, signatures, {@code Class.forName} literals and resource names (absolute, or relative
 * to the class's package, as {@code Class.getResourceAsStream} resolves them) all count. A class
 * that is only ever named in a string built at run time would be missed; the jar tests run every
 * built jar in a JVM that has nothing else on its class path, so such a miss fails a test. The
 * jar's own metadata ({@code META-INF/}) is never copied from the class path.
 */
public final class RuntimeClasses {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$/][A-Za-z0-9_$/.\\-]*");

  private RuntimeClasses() {}

  /**
   * Jar entries (class files and resources) reachable from {@code roots} and from the references of
   * {@code classFiles}, keyed by entry name, sorted.
   *
   * @param loader where to find class files and resources
   * @param roots internal names ({@code a/b/C}) of classes that must be included
   * @param classFiles class files that are not included themselves but whose references are
   */
  public static SortedMap<String, byte[]> closure(
      ClassLoader loader, Collection<String> roots, Collection<byte[]> classFiles) {
    SortedMap<String, byte[]> out = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    Deque<String> work = new ArrayDeque<>();
    for (String root : roots) {
      if (seen.add(root)) {
        work.add(root);
      }
    }
    for (byte[] bytes : classFiles) {
      references(bytes, "", loader, out, seen, work);
    }
    while (!work.isEmpty()) {
      String name = work.poll();
      byte[] bytes = read(loader, name + ".class");
      if (bytes == null) {
        continue;
      }
      out.put(name + ".class", bytes);
      int slash = name.lastIndexOf('/');
      references(bytes, slash < 0 ? "" : name.substring(0, slash + 1), loader, out, seen, work);
    }
    return out;
  }

  private static void references(
      byte[] classFile,
      String packagePrefix,
      ClassLoader loader,
      SortedMap<String, byte[]> out,
      Set<String> seen,
      Deque<String> work) {
    for (PoolEntry entry : ClassFile.of().parse(classFile).constantPool()) {
      if (!(entry instanceof Utf8Entry utf8)) {
        continue;
      }
      Matcher m = NAME.matcher(utf8.stringValue());
      while (m.find()) {
        String token = m.group();
        if (token.indexOf('/') < 0 && token.indexOf('.') < 0) {
          continue;
        }
        for (String candidate : candidates(token)) {
          if (!seen.contains(candidate) && exists(loader, candidate + ".class")) {
            seen.add(candidate);
            work.add(candidate);
          }
        }
        for (String resource : resources(token, packagePrefix)) {
          if (!resource.endsWith(".class")
              && !resource.startsWith("META-INF/")
              && !out.containsKey(resource)) {
            byte[] bytes = read(loader, resource);
            if (bytes != null) {
              out.put(resource, bytes);
            }
          }
        }
      }
    }
  }

  /** Internal class names {@code token} may denote: itself, as a descriptor, dotted. */
  private static Set<String> candidates(String token) {
    Set<String> names = new HashSet<>();
    String slashed = token.replace('.', '/');
    names.add(slashed);
    if (token.startsWith("L") && token.indexOf('/') > 0) {
      names.add(token.substring(1));
    }
    return names;
  }

  private static Set<String> resources(String token, String packagePrefix) {
    if (token.indexOf('.') < 0) {
      return Set.of();
    }
    String absolute = token.startsWith("/") ? token.substring(1) : token;
    return token.startsWith("/") ? Set.of(absolute) : Set.of(absolute, packagePrefix + token);
  }

  private static boolean exists(ClassLoader loader, String resource) {
    URL url = loader.getResource(resource);
    return url != null && !url.getProtocol().equals("jrt");
  }

  private static byte[] read(ClassLoader loader, String resource) {
    if (!exists(loader, resource)) {
      return null;
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
    }
  }
}
