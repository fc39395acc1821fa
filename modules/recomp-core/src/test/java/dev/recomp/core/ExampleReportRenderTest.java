package dev.recomp.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.manifest.RunManifest;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automate example writes both validation reports, and its HTML report renders in headless
 * Chromium with the PASS badge drawn. The screenshot stays at {@code
 * target/chromium/example-report.png} for a person to look at.
 */
@Tag("differential")
class ExampleReportRenderTest {
  @TempDir Path dir;

  @Test
  void exampleReportsRenderInHeadlessChromium() throws Exception {
    Path chromium =
        Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
            .map(d -> Path.of(d, "chromium"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "chromium is not installed: run scripts/install-oracles.sh"));
    RunManifest m = Recomp.automate(ExampleTest.copyExample(dir));
    assertEquals(RunManifest.Outcome.PASSED, m.outcome(), m.steps().toString());
    Path validate = dir.resolve(".recomp-work/hello/validate");
    assertTrue(Files.isRegularFile(validate.resolve("validation-report.json")));
    Path html = validate.resolve("validation-report.html");
    assertTrue(Files.readString(html).contains("class=\"verdict pass\">PASS<"), "verdict PASS");

    Path out = Files.createDirectories(Path.of("target", "chromium").toAbsolutePath());
    Path png = out.resolve("example-report.png");
    Files.deleteIfExists(png);
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--user-data-dir=" + out.resolve("profile-example"),
                "--window-size=1280,2000",
                "--screenshot=" + png,
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("chromium-example.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
    assertEquals(0, p.exitValue(), Files.readString(out.resolve("chromium-example.log")));
    BufferedImage shot = ImageIO.read(png.toFile());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y += 2) {
      for (int x = 0; x < shot.getWidth(); x += 2) {
        colours.add(shot.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, colours.size() + " colours: a blank page has one");
    assertTrue(colours.contains(0xFF1A7F37), "the PASS badge (#1a7f37) is drawn");
  }
}
