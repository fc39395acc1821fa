package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Live oracle check of the Horizon fixture's golden: the Linux-shim build of the demo, run under
 * qemu-aarch64 -cpu cortex-a53 now, still prints the committed golden (which the recompiled NRO and
 * NSO must match, see HorizonFixtureRunTest).
 */
@Tag("differential")
class HorizonGoldenDifferentialTest {
  @Test
  void linuxShimBuildPrintsTheGoldenUnderQemu() throws Exception {
    Process p =
        new ProcessBuilder(
                "env",
                "-i",
                qemu(),
                "-cpu",
                "cortex-a53",
                Fixtures.path("fixtures/horizon/bin/demo-linux").toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      fail("qemu-aarch64 did not finish the demo in 60 s");
    }
    assertEquals(Files.readString(Fixtures.path("fixtures/horizon/golden/demo.stdout")), out);
    assertEquals(
        Integer.parseInt(
            Files.readString(Fixtures.path("fixtures/horizon/golden/demo.exit")).trim()),
        p.exitValue());
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
