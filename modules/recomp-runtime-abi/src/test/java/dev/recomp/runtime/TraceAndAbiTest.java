package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recomp.runtime.internal.SyscallTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceAndAbiTest {
  @TempDir Path dir;

  /** The same guest activity gives a byte-identical manifest. */
  @Test
  void manifestIsDeterministicJson() throws Exception {
    byte[][] runs = new byte[2][];
    for (int i = 0; i < 2; i++) {
      try (GuestHarness g = new GuestHarness(b -> b.traceSyscalls(true))) {
        g.process.trace().dispatchMiss(0x400200);
        g.process.trace().dispatchMiss(0x400100);
        g.process.trace().dispatchMiss(0x400200);
        g.process.trace().fallback(0x401000);
        g.sys(64, 1, g.str(0, "x"), 1);
        g.sys(999);
        g.process.run(
            cpu -> {
              cpu.x[0] = 0;
              cpu.x[8] = 94;
              g.process.supervisorCall(cpu, 0);
            });
        Path out = dir.resolve("trace-" + i + ".json");
        g.process.trace().write(out);
        runs[i] = Files.readAllBytes(out);
      }
    }
    assertArrayEquals(runs[0], runs[1]);
    JsonNode json = new ObjectMapper().readTree(runs[0]);
    assertEquals(RuntimeTrace.FORMAT, json.get("format").asText());
    assertEquals(RuntimeAbi.VERSION, json.get("runtime_abi").asInt());
    assertEquals(
        List.of("0x400100", "0x400200"), List.copyOf(iterable(json.get("dispatch_misses"))));
    assertEquals(2, json.get("dispatch_misses").get("0x400200").asInt());
    assertEquals(1, json.get("fallback_count").asInt());
    assertEquals(1, json.get("unknown_syscalls").get("999").asInt());
    assertEquals("EXITED", json.get("termination").get("kind").asText());
    JsonNode calls = json.get("syscalls");
    assertEquals("mmap", calls.get(0).get("name").asText());
    assertEquals("write", calls.get(1).get("name").asText());
    assertEquals(3, calls.get(1).get("args").size());
    assertEquals(1, calls.get(1).get("result").asInt());
    assertEquals("exit_group", calls.get(3).get("name").asText());
    assertTrue(Files.list(dir).allMatch(p -> p.toString().endsWith(".json")), "no temp files left");
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void abiCheckAcceptsTheCurrentVersionOnly() throws Exception {
    RuntimeAbi.check(RuntimeAbi.VERSION, "app.jar");
    RuntimeAbi.MismatchException e =
        assertThrows(
            RuntimeAbi.MismatchException.class,
            () -> RuntimeAbi.check(RuntimeAbi.VERSION + 1, "app.jar"));
    assertTrue(
        e.getMessage().startsWith("app.jar was built for recomp runtime ABI "), e.getMessage());
    Manifest m = new Manifest();
    assertThrows(RuntimeAbi.MismatchException.class, () -> RuntimeAbi.check(m, "app.jar"));
    RuntimeAbi.stamp(m);
    RuntimeAbi.check(m, "app.jar");
    m.getMainAttributes().putValue(RuntimeAbi.MANIFEST_ATTRIBUTE, "two");
    assertTrue(
        assertThrows(RuntimeAbi.MismatchException.class, () -> RuntimeAbi.check(m, "app.jar"))
            .getMessage()
            .contains("not a number"));
  }

  /** The union of what glibc/musl start-up and the busybox applets call (toolchain.md). */
  @Test
  void tableCoversTheStartupAndBusyboxUnion() {
    List<String> table = SyscallTable.describe();
    for (String needed :
        List.of(
            "63 read",
            "64 write",
            "66 writev",
            "65 readv",
            "56 openat",
            "57 close",
            "62 lseek",
            "79 newfstatat",
            "80 fstat",
            "61 getdents64",
            "78 readlinkat",
            "29 ioctl",
            "214 brk",
            "222 mmap",
            "215 munmap",
            "216 mremap",
            "226 mprotect",
            "233 madvise",
            "93 exit",
            "94 exit_group",
            "96 set_tid_address",
            "99 set_robust_list",
            "293 rseq",
            "261 prlimit64",
            "278 getrandom",
            "160 uname",
            "179 sysinfo",
            "113 clock_gettime",
            "169 gettimeofday",
            "101 nanosleep",
            "172 getpid",
            "173 getppid",
            "178 gettid",
            "174 getuid",
            "175 geteuid",
            "176 getgid",
            "177 getegid",
            "134 rt_sigaction",
            "135 rt_sigprocmask",
            "167 prctl",
            "71 sendfile",
            "23 dup",
            "24 dup3",
            "25 fcntl",
            "59 pipe2",
            "48 faccessat",
            "35 unlinkat",
            "34 mkdirat",
            "38 renameat",
            "17 getcwd",
            "49 chdir",
            "166 umask",
            "123 sched_getaffinity",
            "98 futex",
            "129 kill",
            "131 tgkill")) {
      assertTrue(table.contains(needed), needed);
    }
  }
}
