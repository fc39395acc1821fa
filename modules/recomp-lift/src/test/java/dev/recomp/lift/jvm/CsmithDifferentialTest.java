package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Csmith programs, each built six ways ({gcc -O0, gcc -O2, clang -O2} × {glibc, musl}, static),
 * recompiled and run in-process: the checksum line and exit status must equal qemu-aarch64's on the
 * same binary. Seeds {@code csmith.first} .. {@code csmith.first + csmith.seeds - 1} (system
 * properties; default 1 and 4, the campaign of the lift issue runs {@code -Dcsmith.seeds=300}). A
 * program that does not finish in 10 s under qemu, or whose output under qemu changes with the size
 * of the environment, is dropped, reported as an aborted test.
 */
@Tag("differential")
class CsmithDifferentialTest {
  private static final long FIRST = Long.getLong("csmith.first", 1);
  private static final long SEEDS = Long.getLong("csmith.seeds", 4);

  /** How a program is built: the compiler and optimization level, and the C library. */
  enum Build {
    GCC_O0_GLIBC("aarch64-linux-gnu-gcc -O0"),
    GCC_O2_GLIBC("aarch64-linux-gnu-gcc -O2"),
    CLANG_O2_GLIBC("clang --target=aarch64-linux-gnu -fuse-ld=lld -O2"),
    GCC_O0_MUSL("aarch64-linux-musl-gcc -O0"),
    GCC_O2_MUSL("aarch64-linux-musl-gcc -O2"),
    // clang compiles against musl's headers; musl-gcc links with musl's start files and libc.
    CLANG_O2_MUSL("clang --target=aarch64-linux-gnu -nostdinc -O2 -c");

    final String command;

    Build(String command) {
      this.command = command;
    }
  }

  @TempDir Path dir;

  static Stream<Arguments> programs() {
    return LongStream.range(FIRST, FIRST + SEEDS)
        .boxed()
        .flatMap(seed -> Stream.of(Build.values()).map(b -> Arguments.of(seed, b)));
  }

  @ParameterizedTest(name = "seed {0} {1}")
  @MethodSource("programs")
  void checksumMatchesQemu(long seed, Build build) throws Exception {
    Path source = dir.resolve("p.c");
    exec(List.of("csmith", "--seed", Long.toString(seed), "-o", source.toString()), 60);
    Path binary = dir.resolve("p");
    compile(build, source, binary);

    Path qemuOut = dir.resolve("qemu.out");
    Process qemu =
        new ProcessBuilder("qemu-aarch64", "-cpu", "cortex-a53", binary.toString())
            .redirectOutput(qemuOut.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
      qemu.destroyForcibly().waitFor();
      Assumptions.abort("seed " + seed + " " + build + ": over 10 s under qemu, dropped");
    }
    // Bytes, not UTF-8: a program may print any byte (Latin-1 maps each byte to one char).
    String expected = new String(Files.readAllBytes(qemuOut), StandardCharsets.ISO_8859_1);
    if (!expected.equals(qemuWithLargerEnvironment(binary))) {
      Assumptions.abort(
          "seed "
              + seed
              + " "
              + build
              + ": output under qemu depends on the environment (the program reads undefined"
              + " memory), dropped");
    }

    GuestImage image = Images.read(binary);
    CompiledProgram program = CompiledProgram.compile(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(List.of("p"))
            .execPath(binary.toAbsolutePath().toString())
            .stdio(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream())
            .cwd(dir.toString())
            .wallClockLimit(Duration.ofSeconds(120))
            .build();
    Termination end;
    try (LinuxProcess process = LinuxLoader.load(image, config, "p")) {
      end = process.run(program);
    }
    assertEquals(
        expected,
        out.toString(StandardCharsets.ISO_8859_1),
        "seed " + seed + " " + build + ": " + end.message());
    assertEquals(qemu.exitValue(), end.exitStatus(), "seed " + seed + " " + build);
  }

  /**
   * The program's stdout under qemu with 256 more bytes of environment, which moves the initial
   * stack: a program whose output changes reads memory it never wrote, and has no single answer.
   */
  private String qemuWithLargerEnvironment(Path binary) throws Exception {
    Path out = dir.resolve("qemu-env.out");
    ProcessBuilder pb =
        new ProcessBuilder("qemu-aarch64", "-cpu", "cortex-a53", binary.toString())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("RECOMP_CSMITH_PAD", "x".repeat(256));
    Process qemu = pb.start();
    if (!qemu.waitFor(20, TimeUnit.SECONDS)) {
      qemu.destroyForcibly().waitFor();
      return "";
    }
    return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
  }

  private void compile(Build build, Path source, Path binary) throws Exception {
    List<String> command = new ArrayList<>(List.of(build.command.split(" ")));
    command.addAll(List.of("-static", "-w", "-I/usr/include/csmith", source.toString()));
    if (build == Build.CLANG_O2_MUSL) {
      String resources = exec(List.of("clang", "-print-resource-dir"), 30).strip();
      command.addAll(
          List.of(
              "-isystem",
              "/usr/include/aarch64-linux-musl",
              "-isystem",
              resources + "/include",
              "-o",
              binary + ".o"));
      exec(command, 120);
      exec(
          List.of("aarch64-linux-musl-gcc", "-static", binary + ".o", "-o", binary.toString()),
          120);
    } else {
      command.addAll(List.of("-o", binary.toString()));
      exec(command, 120);
    }
  }

  private String exec(List<String> command, int seconds) throws Exception {
    Path out = Files.createTempFile(dir, "exec", ".out");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          command.getFirst() + " is missing: run scripts/install-oracles.sh", e);
    }
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s");
    }
    String output = Files.readString(out);
    assertEquals(0, p.exitValue(), command + ":\n" + output);
    return output;
  }
}
