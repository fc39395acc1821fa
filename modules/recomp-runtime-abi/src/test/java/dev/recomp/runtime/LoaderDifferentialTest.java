package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live oracle check: runs the initial-stack fixtures under qemu-aarch64 now, with argument vectors
 * the recording does not use, and compares with our loader as {@link LoaderTest} does.
 */
@Tag("differential")
class LoaderDifferentialTest {
  @TempDir Path work;

  @Test
  void initialStackMatchesLiveQemu() throws Exception {
    for (String name : List.of("stackdump", "stackdump-pie")) {
      List<List<String>> argvs =
          List.of(
              List.of("./" + name),
              List.of("./" + name, "", "two words", "ünïcödé", "x".repeat(300)),
              List.of("./" + name, "a", "b", "c", "d", "e", "f", "g"));
      for (List<String> argv : argvs) {
        Path bin = work.resolve(name);
        Files.copy(
            Fixtures.path("fixtures/runtime/" + name),
            bin,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command =
            new ArrayList<>(List.of("env", "-i", "A=1", "BB=two", qemu(), "-cpu", "cortex-a53"));
        command.addAll(argv);
        Process p =
            new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          fail("qemu-aarch64 failed on " + argv + ": " + out);
        }
        try (LinuxProcess ours = LoaderTest.load("fixtures/runtime/" + name, argv)) {
          long qemuBias = name.endsWith("pie") ? 0x5500000000L : 0;
          assertEquals(
              LoaderTest.normalize(out.lines().toList(), qemuBias),
              LoaderTest.normalize(LoaderTest.dump(ours), ours.layout().loadBias()),
              name + " " + argv);
        }
      }
    }
  }

  private static String qemu() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "qemu-aarch64"))) {
        return Path.of(dir, "qemu-aarch64").toString();
      }
    }
    throw new IOException(
        "qemu-aarch64 is not installed: install the qemu-user package (scripts/install-oracles.sh)");
  }
}
