package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.TitleConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's arm64 busybox-static, compiled once per test JVM into a runnable jar, and the two ways
 * the differential tests run it: {@code java -jar} on that jar, and qemu-aarch64 -cpu cortex-a53 on
 * the binary. Both get the same arguments, stdin, an empty environment and the same kind of working
 * directory.
 */
final class Busybox {
  static final Path BINARY =
      Path.of(System.getProperty("user.home"), ".cache/recomp/busybox/bin/busybox");

  private static Path jar;

  private Busybox() {}

  /** What one run did. */
  record Outcome(String stdout, String stderr, int status) {}

  /** busybox compiled once into a runnable jar, as {@code recomp compile} writes it. */
  static synchronized Path jar() throws Exception {
    if (jar == null) {
      assertTrue(
          Files.isRegularFile(BINARY),
          BINARY
              + " is missing: install Debian's arm64 busybox-static there"
              + " (scripts/install-oracles.sh)");
      byte[] bytes = Files.readAllBytes(BINARY);
      GuestImage image = Images.read("busybox", bytes);
      LiftedProgram lifted =
          LiftedProgram.lift(image, Analysis.analyze(image, TitleConfig.empty()));
      jar = Files.createTempFile("busybox", ".jar");
      AppJar.write(jar, "busybox", bytes, lifted.compile());
      jar.toFile().deleteOnExit();
    }
    return jar;
  }

  /** busybox ARGS recompiled: {@code java -jar busybox.jar ARGS} in {@code cwd}. */
  static Outcome recompiled(List<String> args, byte[] stdin, Path cwd) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar().toString()));
    command.addAll(args);
    return run(command, stdin, cwd);
  }

  /** busybox ARGS under qemu-aarch64 -cpu cortex-a53, in {@code cwd}. */
  static Outcome qemu(List<String> args, byte[] stdin, Path cwd) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("qemu-aarch64", "-cpu", "cortex-a53", BINARY.toString()));
    command.addAll(args);
    return run(command, stdin, cwd);
  }

  private static Outcome run(List<String> command, byte[] stdin, Path cwd) throws Exception {
    Path out = Files.createTempFile("busybox-qemu", ".out");
    Path err = Files.createTempFile("busybox-qemu", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(cwd.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().clear();
      Process p;
      try {
        p = builder.start();
      } catch (IOException e) {
        throw new AssertionError(
            command.getFirst() + " is missing: install qemu-user (scripts/install-oracles.sh)", e);
      }
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      }
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in 180 s");
      }
      return new Outcome(Files.readString(out), Files.readString(err), p.exitValue());
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
