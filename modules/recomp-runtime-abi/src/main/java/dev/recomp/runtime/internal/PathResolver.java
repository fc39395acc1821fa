package dev.recomp.runtime.internal;

import dev.recomp.runtime.Errno;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Turns guest paths into host paths.
 *
 * <p>Without a sandbox, guest paths are host paths, as under qemu-user. With one, the walk is done
 * here, component by component, never by the host: ".." stops at the sandbox root, every symlink is
 * read and its target walked in the guest's view (an absolute target restarts at the sandbox root),
 * so neither "..", absolute paths nor symlinks can reach outside the root. The resulting host path
 * contains no symlink except, when asked not to follow it, the last component.
 */
final class PathResolver {
  /** Linux's limit on symlinks followed in one lookup. */
  static final int MAX_LINKS = 40;

  /** A resolved path: where it is on the host and its canonical guest spelling. */
  record Resolved(Path host, String guest) {}

  private final Optional<Path> root;

  PathResolver(Optional<Path> root) throws IOException {
    this.root = root.isPresent() ? Optional.of(root.get().toRealPath()) : Optional.empty();
  }

  boolean sandboxed() {
    return root.isPresent();
  }

  /**
   * Resolves {@code path} relative to the guest directory {@code base}.
   *
   * @param followLast whether a symlink in the last component is followed (false for lstat,
   *     readlink, unlink, O_NOFOLLOW)
   */
  Resolved resolve(String base, String path, boolean followLast) {
    if (path.isEmpty()) {
      throw new SyscallError(Errno.ENOENT);
    }
    if (root.isEmpty()) {
      Path host = Path.of(base).resolve(path);
      return new Resolved(host, host.toString());
    }
    Path top = root.get();
    Deque<String> todo = new ArrayDeque<>();
    if (!path.startsWith("/")) {
      todo.addAll(split(base));
    }
    boolean trailingSlash = path.endsWith("/");
    todo.addAll(split(path));
    List<String> stack = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (!stack.isEmpty()) {
          stack.removeLast();
        }
        continue;
      }
      stack.add(c);
      Path host = hostOf(top, stack);
      boolean last = todo.stream().allMatch(s -> s.equals("."));
      if (Files.isSymbolicLink(host) && (!last || followLast || trailingSlash)) {
        if (++links > MAX_LINKS) {
          throw new SyscallError(Errno.ELOOP);
        }
        String target;
        try {
          target = Files.readSymbolicLink(host).toString();
        } catch (IOException e) {
          throw new SyscallError(Errno.EIO);
        }
        stack.removeLast();
        if (target.startsWith("/")) {
          stack.clear();
        }
        List<String> parts = split(target);
        for (int i = parts.size() - 1; i >= 0; i--) {
          todo.addFirst(parts.get(i));
        }
      } else if (!last && !Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
        throw new SyscallError(
            Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR : Errno.ENOENT);
      }
    }
    return new Resolved(hostOf(top, stack), "/" + String.join("/", stack));
  }

  private static Path hostOf(Path top, List<String> stack) {
    Path p = top;
    for (String c : stack) {
      p = p.resolve(c);
    }
    return p;
  }

  private static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    for (String c : path.split("/")) {
      if (!c.isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }
}
