package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renders the static HTML report in headless Chromium and checks the screenshot is a real page. The
 * screenshot stays at {@code target/chromium/validation-report.png} for a person to look at.
 */
@Tag("differential")
class ChromiumRenderTest {
  @Test
  void reportRendersInHeadlessChromium() throws IOException, InterruptedException {
    Path chromium = Oracles.require("chromium", "apt-get install chromium");
    Path out = Path.of("target", "chromium").toAbsolutePath();
    Capture a = ReportTest.failing();
    Capture r = ReportTest.reference();
    Reports.write(out, Validator.validate(a, r, Gates.defaults()), a, r, HtmlReportTest.TIMELINE);
    Path png = out.resolve("validation-report.png");
    Files.deleteIfExists(png);
    Process p =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--user-data-dir=" + out.resolve("profile"),
                "--window-size=1280,4200",
                "--screenshot=" + png,
                out.resolve(Reports.HTML_FILE_NAME).toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("chromium.log").toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish in 120 s");
    assertEquals(0, p.exitValue(), Files.readString(out.resolve("chromium.log")));
    BufferedImage shot = ImageIO.read(png.toFile());
    assertEquals(1280, shot.getWidth());
    // A blank page has one colour; the report has text, badges, frames and heat maps.
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < shot.getHeight(); y += 3) {
      for (int x = 0; x < shot.getWidth(); x += 3) {
        colours.add(shot.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 200, colours.size() + " colours");
    List<Integer> verdictRed = List.of(0xFFCF222E);
    assertTrue(colours.containsAll(verdictRed), "the FAIL badge is drawn");
  }
}
