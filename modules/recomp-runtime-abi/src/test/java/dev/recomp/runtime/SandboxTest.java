package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing the guest names can leave the sandbox root: not "..", not absolute paths, not symlinks.
 */
class SandboxTest {
  static final long AT_FDCWD = -100;
  static final long O_CREAT_WRONLY = 0101;

  @TempDir Path outer;
  Path root;
  Path secret;
  GuestHarness g;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(outer.resolve("root"));
    secret = Files.writeString(outer.resolve("secret.txt"), "outside");
    Files.writeString(root.resolve("inside.txt"), "inside");
    Files.createDirectory(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("abs-out"), outer);
    Files.createSymbolicLink(root.resolve("rel-out"), Path.of("../.."));
    Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../../secret.txt"));
    Files.createSymbolicLink(root.resolve("to-inside"), Path.of("/inside.txt"));
    Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1"));
    g = GuestHarness.sandboxed(root);
  }

  @AfterEach
  void stop() {
    g.close();
  }

  private long open(String path, long flags) {
    return g.sys(56, AT_FDCWD, g.str(0, path), flags, 0644);
  }

  private String readAll(long fd) {
    long buf = g.scratch + 0x1000;
    long n = g.sys(63, fd, buf, 100);
    return new String(g.memory.read(buf, (int) n), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../secret.txt",
        "../../../../secret.txt",
        "sub/../../secret.txt",
        "/../secret.txt",
        "abs-out/secret.txt",
        "rel-out/secret.txt",
        "sub/up",
        "./rel-out/../secret.txt",
      })
  void escapesResolveInsideTheRootAndFindNothing(String path) {
    assertEquals(Errno.ENOENT.negative(), open(path, 0), path);
    assertEquals(
        Errno.ENOENT.negative(), g.sys(79, AT_FDCWD, g.str(0, path), g.scratch + 0x1000, 0), path);
  }

  @Test
  void absolutePathsAreRootedAtTheSandbox() {
    long outside = open(secret.toString(), 0);
    assertEquals(Errno.ENOENT.negative(), outside);
    assertEquals("inside", readAll(open("/inside.txt", 0)));
    assertEquals("inside", readAll(open("/../../inside.txt", 0)));
    assertEquals("inside", readAll(open("to-inside", 0)), "absolute symlink targets are re-rooted");
  }

  @Test
  void creatingThroughAnEscapingSymlinkCannotWriteOutside() throws Exception {
    assertEquals(Errno.ENOENT.negative(), open("abs-out/new.txt", O_CREAT_WRONLY));
    assertEquals(Errno.ENOENT.negative(), open("rel-out/root/new.txt", O_CREAT_WRONLY));
    assertFalse(Files.exists(outer.resolve("new.txt")));
    long fd = open("rel-out/made.txt", O_CREAT_WRONLY);
    assertTrue(fd >= 0, "rel-out is the root itself, because .. stops there");
    assertTrue(Files.exists(root.resolve("made.txt")));
    assertEquals("outside", Files.readString(secret));
  }

  @Test
  void symlinkLoopsAreEloop() {
    assertEquals(Errno.ELOOP.negative(), open("loop1", 0));
    assertTrue(open("inside.txt", 0100000) >= 0, "O_NOFOLLOW on a regular file is fine");
    assertEquals(Errno.ELOOP.negative(), open("to-inside", 0100000), "O_NOFOLLOW on a symlink");
  }

  @Test
  void chdirAndDirfdCannotClimbOut() {
    assertEquals(0, g.sys(49, g.str(0, "../../..")));
    long buf = g.scratch + 0x1000;
    g.sys(17, buf, 100);
    assertEquals("/", g.cString(buf));
    assertEquals(0, g.sys(49, g.str(0, "rel-out")));
    g.sys(17, buf, 100);
    assertEquals("/", g.cString(buf));
    long dirfd = open("sub", 040000);
    assertEquals(Errno.ENOENT.negative(), g.sys(56, dirfd, g.str(0, "../../secret.txt"), 0, 0));
    assertEquals("inside", readAll(g.sys(56, dirfd, g.str(0, "../inside.txt"), 0, 0)));
  }

  @Test
  void metadataCallsActOnTheLinkNotAnOutsideTarget() throws Exception {
    long st = g.scratch + 0x1000;
    assertEquals(0, g.sys(79, AT_FDCWD, g.str(0, "abs-out"), st, 0x100), "lstat of the link");
    assertEquals(0120000, g.memory.load32(st + 16) & 0170000);
    assertEquals(0, g.sys(35, AT_FDCWD, g.str(0, "abs-out"), 0));
    assertTrue(Files.exists(outer), "unlink removed the link, not its target");
    assertEquals(
        Errno.ENOENT.negative(),
        g.sys(38, AT_FDCWD, g.str(0, "inside.txt"), AT_FDCWD, g.str(200, "rel-out/../x/y")));
    assertEquals(
        0, g.sys(38, AT_FDCWD, g.str(0, "inside.txt"), AT_FDCWD, g.str(200, "../../moved")));
    assertTrue(Files.exists(root.resolve("moved")));
    assertEquals(Errno.ENOENT.negative(), g.sys(48, AT_FDCWD, g.str(0, "sub/up"), 0));
    assertEquals(0, g.sys(34, AT_FDCWD, g.str(0, "../newdir"), 0755));
    assertTrue(Files.isDirectory(root.resolve("newdir")));
    assertFalse(Files.exists(outer.resolve("newdir")));
  }

  @Test
  void directoryListingOfTheRootDoesNotShowTheOutside() {
    long fd = open("/..", 040000);
    long buf = g.scratch + 0x1000;
    long n = g.sys(61, fd, buf, 4096);
    StringBuilder names = new StringBuilder();
    for (long at = buf; at < buf + n; at += g.memory.load16(at + 16)) {
      names.append(g.cString(at + 19)).append(' ');
    }
    assertTrue(names.toString().contains("inside.txt"), names.toString());
    assertFalse(names.toString().contains("secret.txt"), names.toString());
  }

  @Test
  void withoutASandboxHostPathsPassThrough() throws Exception {
    try (GuestHarness host = new GuestHarness(b -> b)) {
      long fd = host.sys(56, AT_FDCWD, host.str(0, secret.toString()), 0, 0);
      assertTrue(fd >= 0);
      long buf = host.scratch + 0x1000;
      assertEquals(7, host.sys(63, fd, buf, 100));
      assertEquals("outside", new String(host.memory.read(buf, 7), StandardCharsets.UTF_8));
    }
  }
}
