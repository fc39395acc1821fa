package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
  @TempDir Path dir;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin", name);
  }

  @Test
  void writesTheSameJarTwiceAndReportsWhatItDid() throws Exception {
    Path a = dir.resolve("a.jar");
    Path b = dir.resolve("b/b.jar");
    CliTest.Run r =
        CliTest.run(new RecompCommand(), "compile", fixture("tiny").toString(), "-o", a.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().contains("wrote " + a), r.err());
    assertEquals(
        0,
        CliTest.run(
                new RecompCommand(),
                "compile",
                "-q",
                fixture("tiny").toString(),
                "-o",
                b.toString())
            .status());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  @Test
  void garbageIsOneLineStatus1AndNoJar() throws Exception {
    Path garbage = dir.resolve("garbage.bin");
    Files.write(garbage, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
    Path jar = dir.resolve("out.jar");
    CliTest.Run r =
        CliTest.run(new RecompCommand(), "compile", garbage.toString(), "-o", jar.toString());
    assertEquals(1, r.status(), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.contains("compile: analyzing")).toList();
    assertEquals(1, lines.size(), r.err());
    assertTrue(lines.getFirst().contains(garbage.toString()), r.err());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(garbage), files.toList());
    }
    assertFalse(Files.exists(jar));
  }

  @Test
  void theOutputIsRequired() {
    CliTest.Run r = CliTest.run(new RecompCommand(), "compile", fixture("tiny").toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("--output"), r.err());
  }
}
