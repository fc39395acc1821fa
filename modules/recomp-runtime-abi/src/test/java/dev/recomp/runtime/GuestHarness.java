package dev.recomp.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** A loaded process plus helpers to issue syscalls the way guest code does (X8, X0-X5 -> X0). */
final class GuestHarness implements AutoCloseable {
  final LinuxProcess process;
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
  final GuestMemory memory;
  final CpuState cpu;

  /** 1 MiB of read-write scratch memory obtained with mmap. */
  final long scratch;

  GuestHarness(UnaryOperator<LinuxConfig.Builder> options) throws Exception {
    this(options, "");
  }

  GuestHarness(UnaryOperator<LinuxConfig.Builder> options, String stdin) throws Exception {
    LinuxConfig.Builder b =
        LinuxConfig.builder(List.of("/bin/hello-musl-O2", "arg"))
            .env(List.of("HOME=/"))
            .deterministic(42)
            .stdio(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), stdout, stderr)
            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
    process =
        LinuxLoader.load(
            Fixtures.image("fixtures/bin/hello-musl-O2"),
            options.apply(b).build(),
            "hello-musl-O2");
    memory = process.memory();
    cpu = process.mainThread();
    scratch = sys(222, 0, 1 << 20, 3, 0x22, -1, 0);
  }

  static GuestHarness sandboxed(Path root) throws Exception {
    return new GuestHarness(b -> b.sandbox(root));
  }

  /** Issues syscall {@code nr} and returns X0. */
  long sys(int nr, long... args) {
    for (int i = 0; i < 6; i++) {
      cpu.x[i] = i < args.length ? args[i] : 0;
    }
    cpu.x[8] = nr;
    process.supervisorCall(cpu, 0);
    return cpu.x[0];
  }

  /** Puts a NUL-terminated string into scratch memory at {@code offset}; returns its address. */
  long str(int offset, String s) {
    memory.write(scratch + offset, (s + "\0").getBytes(StandardCharsets.UTF_8));
    return scratch + offset;
  }

  String cString(long address) {
    return new String(memory.readCString(address, 4096), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.close();
  }
}
