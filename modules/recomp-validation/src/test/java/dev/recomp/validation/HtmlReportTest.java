package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  static final List<StageTiming> TIMELINE =
      List.of(
          new StageTiming("intake", "succeeded", true, 12),
          new StageTiming("lift", "succeeded", false, 840),
          new StageTiming("run", "succeeded", false, 310),
          new StageTiming("validate", "failed", false, 95));

  static String page() {
    Capture a = ReportTest.failing();
    Capture r = ReportTest.reference();
    return Reports.html(Validator.validate(a, r, Gates.defaults()), a, r, TIMELINE);
  }

  @Test
  void hasEverySection() {
    String html = page();
    for (String s :
        List.of(
            "FAIL",
            "<h2>Checks</h2>",
            "<h2>stdout</h2>",
            "<h2>Frames</h2>",
            "<h2>Stage timeline</h2>",
            "0x400100")) {
      assertTrue(html.contains(s), s);
    }
    assertTrue(html.contains("<span class=\"del\">- sum = 42!</span>"), "stdout diff");
    assertTrue(html.contains("<span class=\"add\">+ sum = 41</span>"), "stdout diff");
    assertTrue(html.contains("<code>lift</code>"));
  }

  @Test
  void selfContained() {
    String html = page();
    assertFalse(html.contains("http://"));
    assertFalse(html.contains("https://"));
    assertFalse(html.contains("<script"));
    Matcher m = Pattern.compile("src=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      assertTrue(m.group(1).startsWith("data:image/png;base64,"), m.group(1));
      images++;
    }
    // Eight aligned pairs, three images each (reference, capture, heat map).
    assertEquals(24, images);
  }

  @Test
  void theWorstFramePairComesFirst() {
    String html = page();
    int first = html.indexOf("alt=\"000005.png\"");
    int other = html.indexOf("alt=\"000000.png\"");
    assertTrue(first > 0 && first < other, "frame 5 (the painted one) should lead");
  }

  @Test
  void markupInOutputIsEscaped() {
    Capture a = TestCaptures.capture().stdout("<script>alert(1)</script>\n").build();
    Capture r = TestCaptures.capture().stdout("&\n").build();
    String html = Reports.html(Validator.validate(a, r, Gates.defaults()), a, r, List.of());
    assertFalse(html.contains("<script>"));
    assertTrue(html.contains("&lt;script&gt;"));
  }
}
