package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.runtime.LinuxConfig;
import dev.recomp.runtime.LinuxLoader;
import dev.recomp.runtime.LinuxProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's arm64 busybox {@code sh -c} recompiled, against qemu-aarch64 running the same binary:
 * pipelines, command substitution, subshells and a recursive shell function feeding {@code $(…)}
 * fork guest processes inside the JVM; stdout and exit status must be identical.
 */
@Tag("differential")
class ShellDifferentialTest {
  private static final Path BUSYBOX =
      Path.of(System.getProperty("user.home"), ".cache/recomp/busybox/bin/busybox");

  private static CompiledProgram program;
  private static GuestImage image;

  @BeforeAll
  static void compileBusybox() throws Exception {
    assertTrue(
        Files.isRegularFile(BUSYBOX),
        BUSYBOX
            + " is missing: install Debian's arm64 busybox-static there (scripts/install-oracles.sh)");
    image = Images.read(BUSYBOX);
    program = CompiledProgram.compile(image);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "seq 1000 | sort -rn | head -5",
        "x=$(echo hello; echo world); echo \"$x\" | tr a-z A-Z; echo ${#x}",
        "(cd /; pwd; exit 3); echo \"subshell status $?\"; (exit 7) || echo failed $?",
        "f() { if [ $1 -le 0 ]; then echo 0; else echo $(( $1 + $(f $(( $1 - 1 ))) )); fi; };"
            + " echo sum=$(f 12)",
        "for i in 1 2 3; do echo $i | (read v; echo got $v); done | wc -l; false; echo $?"
      })
  void matchesQemu(String script) throws Exception {
    Path work = Files.createTempDirectory("recomp-sh");
    List<String> argv = List.of(BUSYBOX.toString(), "sh", "-c", script);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .stdio(new ByteArrayInputStream(new byte[0]), out, err)
            .cwd(work.toString())
            .wallClockLimit(Duration.ofSeconds(120))
            .build();
    Termination end;
    try (LinuxProcess process = LinuxLoader.load(image, config, BUSYBOX.toString())) {
      end = process.run(program);
    }
    Process qemu;
    try {
      qemu =
          new ProcessBuilder(
                  "qemu-aarch64", "-cpu", "cortex-a53", BUSYBOX.toString(), "sh", "-c", script)
              .directory(work.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (java.io.IOException e) {
      throw new AssertionError(
          "qemu-aarch64 is missing: install qemu-user (scripts/install-oracles.sh)", e);
    }
    qemu.getOutputStream().close();
    String expected = new String(qemu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(qemu.waitFor(120, TimeUnit.SECONDS), "qemu did not finish");
    assertEquals(
        expected, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    assertEquals(qemu.exitValue(), end.exitStatus(), end.message());
  }
}
