package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays, through the syscall entry point, the system calls a static glibc hello makes under
 * qemu-aarch64 (research/toolchain.md, "Syscalls"), in a 4 GiB guest, and measures the JVM's
 * resident memory. Executing hello's instructions needs the interpreter or recompiled code; this
 * covers everything the runtime does for such a run.
 */
class HelloStartupTest {
  @Test
  void glibcHelloStartupSequenceInAFourGibGuestStaysSmall() throws Exception {
    long before = ResidentMemoryTest.residentBytes();
    try (GuestHarness g = new GuestHarness(b -> b.traceSyscalls(true))) {
      assertEquals(4L << 30, g.memory.size());
      long brk = g.sys(214, 0);
      long tls = brk;
      brk = g.sys(214, brk + 0x21000);
      g.memory.store64(tls + 0x20ff8, 1);
      g.cpu.tpidrEl0 = tls + 0x10;
      assertEquals(1000, g.sys(96, g.scratch));
      assertEquals(0, g.sys(99, g.scratch, 24));
      assertEquals(Errno.ENOSYS.negative(), g.sys(293, g.scratch, 32, 0, 0xd428bc00));
      assertEquals(0, g.sys(261, 0, 3, 0, g.scratch));
      long n = g.sys(78, -100, g.str(0x100, "/proc/self/exe"), g.scratch + 0x200, 4096);
      assertEquals(
          "/bin/hello-musl-O2",
          new String(g.memory.read(g.scratch + 0x200, (int) n), StandardCharsets.UTF_8));
      assertEquals(8, g.sys(278, g.scratch, 8, 1));
      long relro = g.process.layout().imageStart();
      g.sys(226, relro, 0x1000, 1);
      assertEquals(0, g.sys(79, 1, g.str(0x100, ""), g.scratch + 0x400, 0x1000));
      assertEquals(Errno.ENOTTY.negative(), g.sys(29, 1, 0x5401, g.scratch));
      long heap = g.sys(214, brk + 0x21000);
      assertTrue(heap > brk);
      assertEquals(12, g.sys(64, 1, g.str(0x100, "hello world\n"), 12));
      Termination t =
          g.process.run(
              cpu -> {
                cpu.x[0] = 0;
                cpu.x[8] = 94;
                g.process.supervisorCall(cpu, 0);
              });
      assertEquals(0, t.exitStatus());
      assertEquals("hello world\n", g.stdout.toString(StandardCharsets.UTF_8));
      List<String> names = g.process.trace().syscalls().stream().map(SyscallRecord::name).toList();
      assertEquals(
          List.of(
              "mmap",
              "brk",
              "brk",
              "set_tid_address",
              "set_robust_list",
              "rseq",
              "prlimit64",
              "readlinkat",
              "getrandom",
              "mprotect",
              "newfstatat",
              "ioctl",
              "brk",
              "write",
              "exit_group"),
          names);
      long grown = ResidentMemoryTest.residentBytes() - before;
      assertTrue(grown < 64L << 20, "resident memory grew by " + (grown >> 20) + " MiB");
    }
  }
}
