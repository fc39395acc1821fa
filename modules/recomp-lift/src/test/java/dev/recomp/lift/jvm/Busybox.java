package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's arm64 busybox-static, compiled once per test JVM, and the two ways the differential
 * tests run it: recompiled in this JVM, and under qemu-aarch64 -cpu cortex-a53. Both get the same
 * arguments, stdin, an empty environment and a working directory of their own.
 */
final class Busybox {
  static final Path BINARY =
      Path.of(System.getProperty("user.home"), ".cache/recomp/busybox/bin/busybox");

  private static GuestImage image;
  private static CompiledProgram program;

  private Busybox() {}

  /** What one run did. */
  record Outcome(String stdout, String stderr, int status) {}

  static synchronized CompiledProgram program() throws Exception {
    if (program == null) {
      assertTrue(
          Files.isRegularFile(BINARY),
          BINARY
              + " is missing: install Debian's arm64 busybox-static there"
              + " (scripts/install-oracles.sh)");
      image = Images.read(BINARY);
      program = CompiledProgram.compile(image);
    }
    return program;
  }

  /** busybox ARGS recompiled, in {@code cwd}. */
  static Outcome recompiled(List<String> args, byte[] stdin, Path cwd) throws Exception {
    CompiledProgram p = program();
    List<String> argv = new ArrayList<>(List.of(BINARY.toString()));
    argv.addAll(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .stdio(new ByteArrayInputStream(stdin), out, err)
            .cwd(cwd.toString())
            .wallClockLimit(Duration.ofSeconds(120))
            .build();
    Termination end;
    try (LinuxProcess process = LinuxLoader.load(image, config, BINARY.toString())) {
      end = process.run(p);
    }
    return new Outcome(
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        end.exitStatus());
  }

  /** busybox ARGS under qemu-aarch64 -cpu cortex-a53, in {@code cwd}. */
  static Outcome qemu(List<String> args, byte[] stdin, Path cwd) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("qemu-aarch64", "-cpu", "cortex-a53", BINARY.toString()));
    command.addAll(args);
    Path out = Files.createTempFile("busybox-qemu", ".out");
    Path err = Files.createTempFile("busybox-qemu", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().clear();
      Process qemu;
      try {
        qemu = builder.start();
      } catch (IOException e) {
        throw new AssertionError(
            "qemu-aarch64 is missing: install qemu-user (scripts/install-oracles.sh)", e);
      }
      try (OutputStream in = qemu.getOutputStream()) {
        in.write(stdin);
      }
      if (!qemu.waitFor(120, TimeUnit.SECONDS)) {
        qemu.destroyForcibly();
        throw new AssertionError("qemu-aarch64 busybox " + args + " did not finish in 120 s");
      }
      return new Outcome(Files.readString(out), Files.readString(err), qemu.exitValue());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
