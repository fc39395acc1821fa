package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each implemented syscall, with good and bad arguments (a bad pointer must give EFAULT). */
class SyscallTest {
  static final long EFAULT = Errno.EFAULT.negative();
  static final long EBADF = Errno.EBADF.negative();
  static final long EINVAL = Errno.EINVAL.negative();
  static final long ENOENT = Errno.ENOENT.negative();
  static final long AT_FDCWD = -100;

  /** An address nothing is mapped at. */
  static final long BAD = 0x10;

  @TempDir Path root;
  GuestHarness g;
  long buf;

  @BeforeEach
  void start() throws Exception {
    Files.writeString(root.resolve("data.txt"), "hello file\n");
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("dir/b"), "b");
    Files.writeString(root.resolve("dir/a"), "a");
    g = GuestHarness.sandboxed(root);
    buf = g.scratch + 0x10000;
  }

  @AfterEach
  void stop() {
    g.close();
  }

  @Test
  void writeAndWritevReachStdoutAndStderr() {
    long msg = g.str(0, "hi\n");
    assertEquals(3, g.sys(64, 1, msg, 3));
    assertEquals(2, g.sys(64, 2, msg, 2));
    long iov = g.scratch + 0x100;
    g.memory.store64(iov, msg);
    g.memory.store64(iov + 8, 1);
    g.memory.store64(iov + 16, msg + 1);
    g.memory.store64(iov + 24, 2);
    assertEquals(3, g.sys(66, 1, iov, 2));
    assertEquals("hi\nhi\n", g.stdout.toString(StandardCharsets.UTF_8));
    assertEquals("hi", g.stderr.toString(StandardCharsets.UTF_8));
    assertEquals(EFAULT, g.sys(64, 1, BAD, 3));
    assertEquals(EFAULT, g.sys(66, 1, BAD, 1));
    assertEquals(EINVAL, g.sys(66, 1, iov, 5000));
    assertEquals(EBADF, g.sys(64, 9, msg, 3));
    assertEquals(0, g.sys(64, 1, BAD, 0));
  }

  @Test
  void readAndReadvFromStdin() throws Exception {
    try (GuestHarness h = new GuestHarness(b -> b, "abcdef")) {
      long b = h.scratch + 0x100;
      assertEquals(2, h.sys(63, 0, b, 2));
      long iov = h.scratch;
      h.memory.store64(iov, b + 2);
      h.memory.store64(iov + 8, 2);
      h.memory.store64(iov + 16, b + 4);
      h.memory.store64(iov + 24, 10);
      assertEquals(4, h.sys(65, 0, iov, 2));
      assertEquals("abcdef", new String(h.memory.read(b, 6), StandardCharsets.US_ASCII));
      assertEquals(0, h.sys(63, 0, b, 10));
      assertEquals(EFAULT, h.sys(63, 0, BAD, 10));
    }
  }

  @Test
  void readIntoReadOnlyMemoryIsEfault() {
    long fd = g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 0, 0);
    long text = g.process.layout().entry() & ~0xfffL;
    assertEquals(EFAULT, g.sys(63, fd, text, 4));
  }

  @Test
  void openReadSeekPreadClose() {
    long fd = g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 0, 0);
    assertEquals(3, fd);
    assertEquals(5, g.sys(63, fd, buf, 5));
    assertEquals("hello", new String(g.memory.read(buf, 5), StandardCharsets.US_ASCII));
    assertEquals(6, g.sys(62, fd, 6, 0));
    assertEquals(4, g.sys(63, fd, buf, 4));
    assertEquals("file", new String(g.memory.read(buf, 4), StandardCharsets.US_ASCII));
    assertEquals(11, g.sys(62, fd, 0, 2));
    assertEquals(0, g.sys(63, fd, buf, 4));
    assertEquals(4, g.sys(67, fd, buf, 4, 1));
    assertEquals("ello", new String(g.memory.read(buf, 4), StandardCharsets.US_ASCII));
    assertEquals(EINVAL, g.sys(62, fd, -100, 0));
    assertEquals(Errno.ESPIPE.negative(), g.sys(62, 1, 0, 0));
    assertEquals(0, g.sys(57, fd));
    assertEquals(EBADF, g.sys(57, fd));
    assertEquals(EBADF, g.sys(63, fd, buf, 1));
    assertEquals(ENOENT, g.sys(56, AT_FDCWD, g.str(0, "missing"), 0, 0));
    assertEquals(EFAULT, g.sys(56, AT_FDCWD, BAD, 0, 0));
    assertEquals(Errno.ENOTDIR.negative(), g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 040000, 0));
    assertEquals(Errno.EISDIR.negative(), g.sys(56, AT_FDCWD, g.str(0, "dir"), 1, 0));
  }

  @Test
  void createWriteAppendTruncate() throws Exception {
    long path = g.str(0, "new.txt");
    long fd = g.sys(56, AT_FDCWD, path, 0101 | 01000, 0644);
    assertEquals(3, g.sys(64, fd, g.str(100, "abc"), 3));
    assertEquals(0, g.sys(57, fd));
    fd = g.sys(56, AT_FDCWD, path, 01 | 02000, 0);
    assertEquals(2, g.sys(64, fd, g.str(100, "de"), 2));
    assertEquals(1, g.sys(68, fd, g.str(100, "X"), 1, 0));
    assertEquals(EBADF, g.sys(63, fd, buf, 1));
    g.sys(57, fd);
    assertEquals("Xbcde", Files.readString(root.resolve("new.txt")));
    assertEquals(Errno.EEXIST.negative(), g.sys(56, AT_FDCWD, path, 0301, 0644));
    g.sys(57, g.sys(56, AT_FDCWD, path, 01 | 01000, 0));
    assertEquals(0, Files.size(root.resolve("new.txt")));
  }

  @Test
  void statFamilyUsesTheAarch64Layout() throws Exception {
    long st = buf;
    assertEquals(0, g.sys(79, AT_FDCWD, g.str(0, "data.txt"), st, 0));
    assertEquals(11, g.memory.load64(st + 48), "st_size");
    assertEquals(0100000, g.memory.load32(st + 16) & 0170000, "S_IFREG");
    assertEquals(Files.getAttribute(root.resolve("data.txt"), "unix:ino"), g.memory.load64(st + 8));
    assertEquals(
        Files.getLastModifiedTime(root.resolve("data.txt")).toInstant().getEpochSecond(),
        g.memory.load64(st + 88));
    assertEquals(0, g.sys(79, AT_FDCWD, g.str(0, "dir"), st, 0));
    assertEquals(040000, g.memory.load32(st + 16) & 0170000, "S_IFDIR");
    assertEquals(0, g.sys(79, 1, g.str(0, ""), st, 0x1000), "AT_EMPTY_PATH on stdout");
    assertEquals(010000, g.memory.load32(st + 16) & 0170000, "stdout is a FIFO");
    assertEquals(0, g.sys(80, 0, st));
    assertEquals(EFAULT, g.sys(80, 0, BAD));
    assertEquals(EFAULT, g.sys(79, AT_FDCWD, g.str(0, "data.txt"), BAD, 0));
    assertEquals(ENOENT, g.sys(79, AT_FDCWD, g.str(0, "nope"), st, 0));
    assertEquals(EBADF, g.sys(80, 77, st));
  }

  @Test
  void getdents64ListsSortedEntriesInChunks() {
    long fd = g.sys(56, AT_FDCWD, g.str(0, "dir"), 040000, 0);
    List<String> names = new ArrayList<>();
    long n;
    while ((n = g.sys(61, fd, buf, 48)) > 0) {
      for (long at = buf; at < buf + n; ) {
        int reclen = (int) g.memory.load16(at + 16);
        assertEquals(0, reclen % 8);
        names.add(g.cString(at + 19) + ":" + g.memory.load8(at + 18));
        at += reclen;
      }
    }
    assertEquals(0, n);
    assertEquals(List.of(".:4", "..:4", "a:8", "b:8"), names);
    assertEquals(0, g.sys(61, fd, buf, 8), "at the end even a tiny buffer gets 0");
    g.sys(62, fd, 0, 0);
    assertEquals(EINVAL, g.sys(61, fd, buf, 8));
    assertEquals(EFAULT, g.sys(61, fd, BAD, 4096));
    assertEquals(Errno.ENOTDIR.negative(), g.sys(61, 1, buf, 4096));
  }

  @Test
  void readlinkatAndProcSelfExe() throws Exception {
    Files.createSymbolicLink(root.resolve("link"), Path.of("data.txt"));
    assertEquals(8, g.sys(78, AT_FDCWD, g.str(0, "link"), buf, 100));
    assertEquals("data.txt", new String(g.memory.read(buf, 8), StandardCharsets.US_ASCII));
    assertEquals(4, g.sys(78, AT_FDCWD, g.str(0, "link"), buf, 4));
    long n = g.sys(78, AT_FDCWD, g.str(0, "/proc/self/exe"), buf, 100);
    assertEquals(
        "/bin/hello-musl-O2", new String(g.memory.read(buf, (int) n), StandardCharsets.US_ASCII));
    assertEquals(EINVAL, g.sys(78, AT_FDCWD, g.str(0, "data.txt"), buf, 100));
    assertEquals(EFAULT, g.sys(78, AT_FDCWD, g.str(0, "link"), BAD, 100));
  }

  @Test
  void ioctlSaysNotATerminal() {
    assertEquals(Errno.ENOTTY.negative(), g.sys(29, 1, 0x5401, buf));
    assertEquals(Errno.ENOTTY.negative(), g.sys(29, 0, 0x5413, buf));
    assertEquals(EBADF, g.sys(29, 50, 0x5401, buf));
  }

  @Test
  void dupDup3FcntlShareTheOffset() {
    long fd = g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 0, 0);
    long copy = g.sys(23, fd);
    assertEquals(fd + 1, copy);
    g.sys(63, fd, buf, 6);
    assertEquals(4, g.sys(63, copy, buf, 4));
    assertEquals("file", new String(g.memory.read(buf, 4), StandardCharsets.US_ASCII));
    assertEquals(10, g.sys(24, fd, 10, 02000000));
    assertEquals(1, g.sys(25, 10, 1, 0), "F_GETFD has FD_CLOEXEC");
    assertEquals(0, g.sys(25, 10, 2, 0));
    assertEquals(0, g.sys(25, 10, 1, 0));
    assertEquals(20, g.sys(25, fd, 0, 20), "F_DUPFD");
    assertEquals(0, g.sys(25, fd, 3, 0), "F_GETFL O_RDONLY");
    assertEquals(EINVAL, g.sys(24, fd, fd, 0));
    assertEquals(EBADF, g.sys(23, 99));
    assertEquals(EINVAL, g.sys(25, fd, 999, 0));
  }

  @Test
  void pipe2MovesBytesAndDetectsDeadlock() {
    long fds = buf;
    assertEquals(0, g.sys(59, fds, 0));
    long r = g.memory.load32(fds);
    long w = g.memory.load32(fds + 4);
    assertEquals(5, g.sys(64, w, g.str(0, "piped"), 5));
    assertEquals(5, g.sys(63, r, buf + 64, 100));
    assertEquals("piped", new String(g.memory.read(buf + 64, 5), StandardCharsets.US_ASCII));
    GuestExit exit = assertThrows(GuestExit.class, () -> g.sys(63, r, buf + 64, 100));
    assertEquals(Termination.Kind.DEADLOCK, exit.termination().kind());
  }

  @Test
  void writingToAPipeWithoutReaderRaisesSigpipe() {
    g.sys(59, buf, 0);
    long r = g.memory.load32(buf);
    long w = g.memory.load32(buf + 4);
    g.sys(57, r);
    GuestExit exit = assertThrows(GuestExit.class, () -> g.sys(64, w, g.str(0, "x"), 1));
    assertEquals(128 + Signals.SIGPIPE, exit.termination().exitStatus());
    long act = g.scratch + 0x200;
    g.memory.store64(act, 1);
    g.sys(134, Signals.SIGPIPE, act, 0, 8);
    assertEquals(Errno.EPIPE.negative(), g.sys(64, w, g.str(0, "x"), 1), "ignored: plain EPIPE");
  }

  @Test
  void pipeEofAfterWriterCloses() {
    g.sys(59, buf, 04000);
    long r = g.memory.load32(buf);
    long w = g.memory.load32(buf + 4);
    assertEquals(Errno.EAGAIN.negative(), g.sys(63, r, buf + 64, 1));
    g.sys(57, w);
    assertEquals(0, g.sys(63, r, buf + 64, 1));
    assertEquals(EFAULT, g.sys(59, BAD, 0));
    assertEquals(EINVAL, g.sys(59, buf, 1));
  }

  @Test
  void sendfileCopiesBetweenFds() {
    long in = g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 0, 0);
    assertEquals(11, g.sys(71, 1, in, 0, 100));
    assertEquals("hello file\n", g.stdout.toString(StandardCharsets.UTF_8));
    g.memory.store64(buf, 6);
    assertEquals(4, g.sys(71, 1, in, buf, 4));
    assertEquals(10, g.memory.load64(buf));
    assertEquals(EFAULT, g.sys(71, 1, in, BAD, 4));
  }

  @Test
  void directoriesAndRenames() throws Exception {
    assertEquals(0, g.sys(34, AT_FDCWD, g.str(0, "made"), 0755));
    assertTrue(Files.isDirectory(root.resolve("made")));
    assertEquals(Errno.EEXIST.negative(), g.sys(34, AT_FDCWD, g.str(0, "made"), 0755));
    assertEquals(0, g.sys(38, AT_FDCWD, g.str(0, "data.txt"), AT_FDCWD, g.str(100, "made/moved")));
    assertEquals("hello file\n", Files.readString(root.resolve("made/moved")));
    assertEquals(Errno.ENOTEMPTY.negative(), g.sys(35, AT_FDCWD, g.str(0, "made"), 0x200));
    assertEquals(Errno.EISDIR.negative(), g.sys(35, AT_FDCWD, g.str(0, "made"), 0));
    assertEquals(0, g.sys(35, AT_FDCWD, g.str(0, "made/moved"), 0));
    assertEquals(0, g.sys(35, AT_FDCWD, g.str(0, "made"), 0x200));
    assertEquals(ENOENT, g.sys(35, AT_FDCWD, g.str(0, "made"), 0x200));
    assertEquals(EFAULT, g.sys(34, AT_FDCWD, BAD, 0755));
    Files.writeString(root.resolve("x"), "x");
    Files.writeString(root.resolve("y"), "y");
    assertEquals(
        Errno.EEXIST.negative(), g.sys(276, AT_FDCWD, g.str(0, "x"), AT_FDCWD, g.str(100, "y"), 1));
    assertEquals(0, g.sys(276, AT_FDCWD, g.str(0, "x"), AT_FDCWD, g.str(100, "y"), 0));
    assertEquals("x", Files.readString(root.resolve("y")));
  }

  @Test
  void cwdChdirAndRelativeDirfd() {
    assertEquals(2, g.sys(17, buf, 100));
    assertEquals("/", g.cString(buf));
    assertEquals(0, g.sys(49, g.str(0, "dir")));
    assertEquals(5, g.sys(17, buf, 100));
    assertEquals("/dir", g.cString(buf));
    assertEquals(Errno.ERANGE.negative(), g.sys(17, buf, 3));
    assertEquals(EFAULT, g.sys(17, BAD, 100));
    assertEquals(3, g.sys(56, AT_FDCWD, g.str(0, "a"), 0, 0));
    assertEquals(Errno.ENOTDIR.negative(), g.sys(49, g.str(0, "a")));
    long dirfd = g.sys(56, AT_FDCWD, g.str(0, "/"), 040000, 0);
    long fd = g.sys(56, dirfd, g.str(0, "data.txt"), 0, 0);
    assertTrue(fd > 0);
    assertEquals(Errno.ENOTDIR.negative(), g.sys(56, fd, g.str(0, "x"), 0, 0));
  }

  @Test
  void faccessatAndUmask() throws Exception {
    assertEquals(0, g.sys(48, AT_FDCWD, g.str(0, "data.txt"), 4));
    assertEquals(0, g.sys(439, AT_FDCWD, g.str(0, "data.txt"), 0, 0));
    assertEquals(ENOENT, g.sys(48, AT_FDCWD, g.str(0, "nope"), 0));
    assertEquals(EINVAL, g.sys(48, AT_FDCWD, g.str(0, "data.txt"), 8));
    assertEquals(EFAULT, g.sys(48, AT_FDCWD, BAD, 0));
    assertEquals(022, g.sys(166, 077));
    assertEquals(077, g.sys(166, 022));
    g.sys(57, g.sys(56, AT_FDCWD, g.str(0, "perm"), 0101, 0666));
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(root.resolve("perm"))));
  }

  @Test
  void brkGrowsShrinksAndRefusesOutOfRange() {
    MemoryLayout l = g.process.layout();
    long start = g.sys(214, 0);
    assertEquals(l.brkStart(), start);
    assertEquals(start + 0x2100, g.sys(214, start + 0x2100));
    g.memory.store64(start + 0x2000, 7);
    assertEquals(start + 0x1000, g.sys(214, start + 0x1000));
    assertThrows(GuestFault.class, () -> g.memory.load64(start + 0x2000));
    assertEquals(
        start + 0x1000, g.sys(214, l.brkLimit() + 0x1000), "failure returns the old break");
    assertEquals(start + 0x1000, g.sys(214, start - 0x1000));
    g.sys(214, start + 0x3000);
    assertEquals(0, g.memory.load64(start + 0x2000), "regrown pages are zero");
  }

  @Test
  void mmapMunmapMremapMprotectMadvise() throws Exception {
    long a = g.sys(222, 0, 0x3000, 3, 0x22, -1, 0);
    MemoryLayout l = g.process.layout();
    assertTrue(a >= l.mmapLow() && a + 0x3000 <= l.mmapTop());
    g.memory.store64(a + 0x2ff8, 99);
    long grown = g.sys(216, a, 0x3000, 0x100000, 1, 0);
    assertEquals(99, g.memory.load64(grown + 0x2ff8));
    assertEquals(0, g.sys(226, grown, 0x1000, 1));
    assertThrows(GuestFault.class, () -> g.memory.store8(grown, 1));
    assertEquals(Errno.ENOMEM.negative(), g.sys(226, 0x1000, 0x1000, 1), "unmapped");
    assertEquals(EINVAL, g.sys(226, grown + 1, 0x1000, 1));
    assertEquals(0, g.sys(233, grown + 0x2000, 0x1000, 4));
    assertEquals(0, g.memory.load64(grown + 0x2ff8), "MADV_DONTNEED zeroes");
    assertEquals(grown, g.sys(216, grown, 0x100000, 0x1000, 0, 0), "shrink in place");
    assertEquals(0, g.sys(215, grown, 0x1000));
    assertThrows(GuestFault.class, () -> g.memory.load8(grown));
    assertEquals(EINVAL, g.sys(215, grown + 1, 0x1000));
    assertEquals(EINVAL, g.sys(222, 0, 0, 3, 0x22, -1, 0));
    long fixed = 0x2000_0000L;
    assertEquals(fixed, g.sys(222, fixed, 0x1000, 3, 0x32, -1, 0));
    assertEquals(Errno.EEXIST.negative(), g.sys(222, fixed, 0x1000, 3, 0x100022, -1, 0));
    assertEquals(EBADF, g.sys(222, 0, 0x1000, 1, 0x02, 99, 0));
    assertEquals(Errno.ENOMEM.negative(), g.sys(222, 0, 1L << 40, 3, 0x22, -1, 0));
    long fd = g.sys(56, AT_FDCWD, g.str(0, "data.txt"), 0, 0);
    long file = g.sys(222, 0, 100, 1, 0x02, fd, 0);
    assertEquals("hello file\n", new String(g.memory.read(file, 11), StandardCharsets.US_ASCII));
    assertEquals(0, g.memory.load8(file + 11));
    assertEquals(Errno.EFAULT.negative(), g.sys(216, 0x1000, 0x1000, 0x2000, 1, 0));
  }

  @Test
  void processIdentityAndTrivialCalls() {
    assertEquals(1000, g.sys(172));
    assertEquals(999, g.sys(173));
    assertEquals(1000, g.sys(178));
    assertEquals(1000, g.sys(96, buf));
    assertEquals(g.process.config().uid(), g.sys(174));
    assertEquals(g.process.config().uid(), g.sys(175));
    assertEquals(g.process.config().gid(), g.sys(176));
    assertEquals(g.process.config().gid(), g.sys(177));
    assertEquals(0, g.sys(99, buf, 24));
    assertEquals(EINVAL, g.sys(99, buf, 8));
    assertEquals(Errno.ENOSYS.negative(), g.sys(293, buf, 32, 0, 0));
    assertEquals(0, g.sys(124));
  }

  @Test
  void unameSysinfoAffinity() {
    assertEquals(0, g.sys(160, buf));
    assertEquals("Linux", g.cString(buf));
    assertEquals("aarch64", g.cString(buf + 4 * 65));
    assertEquals(EFAULT, g.sys(160, BAD));
    assertEquals(0, g.sys(179, buf));
    assertEquals(g.memory.size(), g.memory.load64(buf + 32));
    assertTrue(g.memory.load64(buf + 40) < g.memory.size());
    assertEquals(1, g.memory.load32(buf + 104));
    assertEquals(EFAULT, g.sys(179, BAD));
    assertEquals(8, g.sys(123, 0, 128, buf));
    assertEquals(1, g.memory.load64(buf));
    assertEquals(EINVAL, g.sys(123, 0, 4, buf));
    assertEquals(EFAULT, g.sys(123, 0, 8, BAD));
  }

  @Test
  void rlimitsReportTheStackAndAcceptNewValues() {
    assertEquals(0, g.sys(261, 0, 3, 0, buf));
    assertEquals(LinuxLoader.STACK_SIZE, g.memory.load64(buf));
    assertEquals(-1L, g.memory.load64(buf + 8));
    g.memory.store64(buf, 100);
    g.memory.store64(buf + 8, 200);
    assertEquals(0, g.sys(261, 0, 7, buf, 0));
    assertEquals(0, g.sys(163, 7, buf + 16));
    assertEquals(100, g.memory.load64(buf + 16));
    assertEquals(EINVAL, g.sys(261, 0, 99, 0, buf));
    assertEquals(EFAULT, g.sys(261, 0, 3, 0, BAD));
    assertEquals(Errno.ESRCH.negative(), g.sys(261, 4242, 3, 0, buf));
  }

  @Test
  void prctlName() {
    assertEquals(0, g.sys(167, 16, buf));
    assertEquals("hello-musl-O2", g.cString(buf));
    assertEquals(0, g.sys(167, 15, g.str(0, "a-very-long-thread-name")));
    g.sys(167, 16, buf);
    assertEquals("a-very-long-thr", g.cString(buf));
    assertEquals(EFAULT, g.sys(167, 16, BAD));
    assertEquals(EINVAL, g.sys(167, 9999, 0));
  }

  @Test
  void deterministicClocksAdvanceAndSleepIsVirtual() {
    assertEquals(0, g.sys(113, 0, buf));
    long s = g.memory.load64(buf);
    assertEquals(1_704_067_200L, s);
    assertEquals(0, g.sys(113, 1, buf));
    long mono1 = g.memory.load64(buf) * 1_000_000_000L + g.memory.load64(buf + 8);
    g.memory.store64(buf + 32, 5);
    g.memory.store64(buf + 40, 0);
    long t0 = System.nanoTime();
    assertEquals(0, g.sys(101, buf + 32, 0));
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "virtual sleep does not wait");
    g.sys(113, 1, buf);
    long mono2 = g.memory.load64(buf) * 1_000_000_000L + g.memory.load64(buf + 8);
    assertTrue(mono2 - mono1 >= 5_000_000_000L);
    assertEquals(0, g.sys(169, buf, 0));
    assertTrue(g.memory.load64(buf + 8) < 1_000_000, "tv_usec");
    assertEquals(0, g.sys(114, 1, buf));
    assertEquals(0, g.sys(115, 1, 0, buf + 32, 0));
    assertEquals(EINVAL, g.sys(113, 99, buf));
    assertEquals(EFAULT, g.sys(113, 0, BAD));
    assertEquals(EFAULT, g.sys(101, BAD, 0));
    g.memory.store64(buf + 40, 2_000_000_000L);
    assertEquals(EINVAL, g.sys(101, buf + 32, 0));
  }

  @Test
  void getrandomIsSeededInDeterministicMode() throws Exception {
    assertEquals(16, g.sys(278, buf, 16, 0));
    byte[] first = g.memory.read(buf, 16);
    try (GuestHarness again = GuestHarness.sandboxed(root)) {
      again.sys(278, again.scratch, 16, 0);
      assertArrayEquals(first, again.memory.read(again.scratch, 16));
    }
    assertNotEquals(0, java.util.Arrays.hashCode(first));
    assertEquals(EFAULT, g.sys(278, BAD, 16, 0));
    assertEquals(EINVAL, g.sys(278, buf, 16, 0x100));
  }

  @Test
  void signalsRecordDispositionsAndMasks() {
    long act = buf;
    g.memory.store64(act, 0x400123);
    g.memory.store64(act + 8, 0x04000000);
    g.memory.store64(act + 16, 0);
    g.memory.store64(act + 24, 0);
    assertEquals(0, g.sys(134, 10, act, 0, 8));
    assertEquals(0, g.sys(134, 10, 0, buf + 64, 8));
    assertEquals(0x400123, g.memory.load64(buf + 64));
    assertEquals(0x400123, g.process.sigaction(10)[0]);
    assertEquals(EINVAL, g.sys(134, 9, act, 0, 8), "SIGKILL cannot be caught");
    assertEquals(EINVAL, g.sys(134, 10, act, 0, 4));
    assertEquals(EFAULT, g.sys(134, 10, BAD, 0, 8));
    g.memory.store64(buf + 128, 1L << 9);
    assertEquals(0, g.sys(135, 0, buf + 128, buf + 136, 8));
    assertEquals(0, g.memory.load64(buf + 136));
    assertEquals(0, g.sys(135, 2, 0, buf + 136, 8));
    assertEquals(1L << 9, g.memory.load64(buf + 136));
    assertEquals(EINVAL, g.sys(135, 7, buf + 128, 0, 8));
    assertEquals(EFAULT, g.sys(135, 0, BAD, 0, 8));
  }

  @Test
  void killingSelfRunsDefaultActionsAndQueuesHandledSignals() {
    assertEquals(0, g.sys(129, 1000, 0));
    assertEquals(Errno.ESRCH.negative(), g.sys(129, 4242, 10));
    assertEquals(0, g.sys(131, 1000, 1000, 17), "SIGCHLD is ignored by default");
    long act = buf;
    g.memory.store64(act, 0x400123);
    g.sys(134, 10, act, 0, 8);
    assertEquals(0, g.sys(130, 1000, 10));
    assertEquals(10, g.process.takePendingSignal());
    assertEquals(0, g.process.takePendingSignal());
    g.memory.store64(act, 1);
    g.sys(134, 12, act, 0, 8);
    assertEquals(0, g.sys(129, 0, 12), "SIG_IGN");
    GuestExit exit = assertThrows(GuestExit.class, () -> g.sys(131, 1000, 1000, 6));
    assertEquals(134, exit.termination().exitStatus());
    assertEquals(Termination.Kind.SIGNALED, exit.termination().kind());
    assertEquals(EINVAL, g.sys(129, 1000, 99));
  }

  @Test
  void futexSingleThreadSemantics() {
    g.memory.store32(buf, 5);
    assertEquals(0, g.sys(98, buf, 1 | 128, 1));
    assertEquals(Errno.EAGAIN.negative(), g.sys(98, buf, 0 | 128, 4, 0));
    g.memory.store64(buf + 16, 0);
    g.memory.store64(buf + 24, 1000);
    assertEquals(Errno.ETIMEDOUT.negative(), g.sys(98, buf, 0, 5, buf + 16));
    assertEquals(EFAULT, g.sys(98, BAD, 0, 5, 0));
    assertEquals(Errno.ENOSYS.negative(), g.sys(98, buf, 5, 0));
    GuestExit exit = assertThrows(GuestExit.class, () -> g.sys(98, buf, 0, 5, 0));
    assertEquals(Termination.Kind.DEADLOCK, exit.termination().kind());
    assertEquals(123, exit.termination().exitStatus());
  }

  @Test
  void exitGroupEndsWithTheLowByte() {
    GuestExit exit = assertThrows(GuestExit.class, () -> g.sys(94, 0x1ff));
    assertEquals(0xff, exit.termination().exitStatus());
    assertTrue(exit.termination().isNormalExit());
    GuestExit plain = assertThrows(GuestExit.class, () -> g.sys(93, 3));
    assertEquals(3, plain.termination().exitStatus());
  }

  @Test
  void unknownSyscallsAreEnosysAndTraced() {
    assertEquals(Errno.ENOSYS.negative(), g.sys(1234));
    assertEquals(Errno.ENOSYS.negative(), g.sys(1000));
    assertEquals(Errno.ENOSYS.negative(), g.sys(-1));
    assertEquals(1L, g.process.trace().syscallCounts().get("syscall_1234"));
    assertEquals(1L, g.process.trace().syscallCounts().get("syscall_1000"));
  }
}
