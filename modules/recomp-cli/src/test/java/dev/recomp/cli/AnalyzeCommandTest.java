package dev.recomp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
  @TempDir Path dir;

  private static Path fixture(String name) {
    return Path.of(System.getProperty("recomp.repo.root"), "fixtures/bin", name);
  }

  @Test
  void writesTheThreeFiles() {
    Path out = dir.resolve("analysis");
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(),
            "analyze",
            fixture("hello-musl-O2").toString(),
            "-o",
            out.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains(" functions, "), r.out());
    for (String file : new String[] {"functions.json", "name_map.json", "unresolved.json"}) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
  }

  @Test
  void badConfigIsOneLineAndStatus1() throws Exception {
    Path config = dir.resolve("title.toml");
    Files.writeString(config, "[[functions]]\nadress = 4\n");
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(),
            "analyze",
            fixture("tiny").toString(),
            "-o",
            dir.resolve("o").toString(),
            "-c",
            config.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("title.toml:2: unknown key 'adress' in functions[0]"), r.err());
    assertTrue(Files.notExists(dir.resolve("o")), "no output on failure");
  }

  @Test
  void missingBinaryIsOneLineAndStatus1() {
    CliTest.Run r =
        CliTest.run(
            new RecompCommand(), "analyze", dir.resolve("absent").toString(), "-o", dir.toString());
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
