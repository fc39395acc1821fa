package dev.recomp.validation.internal;

import static dev.recomp.validation.internal.Html.esc;

import dev.recomp.validation.Capture;
import dev.recomp.validation.CheckResult;
import dev.recomp.validation.Frame;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.StageTiming;
import dev.recomp.validation.ValidationReport;
import dev.recomp.validation.Value;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Renders a validation report as one self-contained HTML page: no scripts, no external resources,
 * images as {@code data:} URIs.
 */
public final class HtmlReport {
  /** Most frame pairs shown; the least similar come first. */
  static final int MAX_FRAME_PAIRS = 8;

  private HtmlReport() {}

  /** The page for {@code report} of {@code actual} against {@code reference}. */
  public static String render(
      ValidationReport report, Capture actual, Capture reference, List<StageTiming> timeline) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.append("<title>recomp validation: ").append(report.verdict().id()).append("</title>\n");
    h.append("<style>").append(Html.STYLE).append("</style></head><body>\n");
    summary(h, report);
    checks(h, report);
    stream(h, "stdout", reference.stdout(), actual.stdout());
    stream(h, "stderr", reference.stderr(), actual.stderr());
    frames(h, actual, reference, report.gates().driftSearchFrames());
    timeline(h, timeline);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void summary(StringBuilder h, ValidationReport r) {
    h.append("<h1>recomp validation report</h1>\n");
    h.append("<p><span class=\"verdict ")
        .append(r.verdict().id())
        .append("\">")
        .append(r.verdict().id().toUpperCase(java.util.Locale.ROOT))
        .append("</span></p>\n<table>\n");
    row(
        h,
        "checks",
        r.count("pass")
            + " passed, "
            + r.count("fail")
            + " failed, "
            + r.count("skipped")
            + " skipped");
    StringBuilder triage = new StringBuilder();
    r.triageCounts()
        .forEach(
            (c, n) ->
                triage.append(triage.isEmpty() ? "" : ", ").append(c.id()).append(' ').append(n));
    row(h, "triage", triage.isEmpty() ? "none" : triage.toString());
    Long pc = r.firstDivergentPc();
    row(h, "first divergent PC", pc == null ? "none known" : ValidationReport.hex(pc));
    row(h, "capture digest", r.actualDigest());
    row(h, "reference digest", r.referenceDigest());
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td><code>")
        .append(esc(value))
        .append("</code></td></tr>\n");
  }

  private static void checks(StringBuilder h, ValidationReport r) {
    h.append("<h2>Checks</h2>\n<table>\n<tr><th>check</th><th>severity</th><th>status</th>")
        .append("<th>measured</th><th></th><th>threshold</th><th>unit</th><th>detail</th>")
        .append("<th>triage</th></tr>\n");
    for (CheckResult c : r.checks()) {
      h.append("<tr><td><code>")
          .append(esc(c.id()))
          .append("</code><br><small>")
          .append(esc(c.summary()))
          .append("</small></td><td>")
          .append(c.severity().id())
          .append("</td><td><span class=\"st ")
          .append(statusClass(c.status()))
          .append("\">")
          .append(c.status())
          .append("</span></td>");
      switch (c.outcome()) {
        case Outcome.Skipped s ->
            h.append("<td colspan=\"4\"></td><td>")
                .append(esc(s.reason()))
                .append("</td><td></td>");
        case Outcome.Passed p -> {
          measures(h, p.measured(), c.comparison(), p.threshold(), c.unit());
          h.append("<td>").append(esc(p.detail())).append("</td><td></td>");
        }
        case Outcome.Failed f -> {
          measures(h, f.measured(), c.comparison(), f.threshold(), c.unit());
          h.append("<td>")
              .append(esc(f.detail()))
              .append("</td><td title=\"")
              .append(esc(c.triage().reason()))
              .append("\"><b>")
              .append(esc(c.triage().category().id()))
              .append("</b> at ")
              .append(esc(c.triage().evidence().where()));
          if (c.triage().evidence().pc() != null) {
            h.append(", PC <code>")
                .append(ValidationReport.hex(c.triage().evidence().pc()))
                .append("</code>");
          }
          h.append("<br><small>expected <code>")
              .append(esc(c.triage().evidence().expected()))
              .append("</code><br>actual <code>")
              .append(esc(c.triage().evidence().actual()))
              .append("</code></small></td>");
        }
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String statusClass(String status) {
    return switch (status) {
      case "pass" -> "pass";
      case "fail" -> "fail";
      default -> "skipped";
    };
  }

  private static void measures(
      StringBuilder h, Value measured, String comparison, Value threshold, String unit) {
    h.append("<td><code>")
        .append(esc(abbreviate(measured.text())))
        .append("</code></td><td>")
        .append(esc(comparison))
        .append("</td><td><code>")
        .append(esc(abbreviate(threshold.text())))
        .append("</code></td><td>")
        .append(esc(unit))
        .append("</td>");
  }

  private static String abbreviate(String s) {
    return s.length() <= 24 ? s : s.substring(0, 21) + "...";
  }

  private static void stream(StringBuilder h, String name, byte[] expected, byte[] actual) {
    h.append("<h2>").append(name).append("</h2>\n");
    if (java.util.Arrays.equals(expected, actual)) {
      h.append("<p>identical, ").append(actual.length).append(" bytes</p>\n");
      h.append("<details><summary>show</summary><pre>")
          .append(esc(new String(actual, StandardCharsets.UTF_8)))
          .append("</pre></details>\n");
      return;
    }
    List<LineDiff.Line> diff = LineDiff.of(lines(expected), lines(actual));
    if (diff == null) {
      ByteDiff d = ByteDiff.first(expected, actual, 64);
      h.append("<p>too long for a line diff; first difference at byte ")
          .append(d.offset())
          .append("</p><pre>reference: ")
          .append(esc(d.expected()))
          .append("\ncapture:   ")
          .append(esc(d.actual()))
          .append("</pre>\n");
      return;
    }
    h.append("<p><span class=\"del\">- reference only</span> <span class=\"add\">+ capture only")
        .append("</span></p><pre>");
    for (LineDiff.Line l : diff) {
      String cls =
          switch (l.kind()) {
            case '+' -> "add";
            case '-' -> "del";
            default -> "ctx";
          };
      h.append("<span class=\"")
          .append(cls)
          .append("\">")
          .append(l.kind())
          .append(' ')
          .append(esc(l.text()))
          .append("</span>\n");
    }
    h.append("</pre>\n");
  }

  private static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }

  /** A frame pair worth showing and how different it is. */
  private record Pair(Frame actual, Frame reference, double psnr) {}

  private static void frames(StringBuilder h, Capture actual, Capture reference, int search) {
    if (actual.frames().isEmpty() && reference.frames().isEmpty()) {
      return;
    }
    h.append("<h2>Frames</h2>\n");
    List<Pair> pairs = new ArrayList<>();
    FrameAlignment a = FrameAlignment.best(actual.frames(), reference.frames(), search);
    for (int[] p : a.pairs()) {
      Frame fa = actual.frames().get(p[0]);
      Frame fr = reference.frames().get(p[1]);
      if (fa.width() == fr.width() && fa.height() == fr.height()) {
        pairs.add(new Pair(fa, fr, ImageMetrics.psnr(fa, fr)));
      }
    }
    h.append("<p>")
        .append(actual.frames().size())
        .append(" captured, ")
        .append(reference.frames().size())
        .append(" reference frames; aligned at offset ")
        .append(a.offset())
        .append(", least similar pairs first (at most ")
        .append(MAX_FRAME_PAIRS)
        .append(")</p>\n");
    pairs.sort(Comparator.comparingDouble(Pair::psnr).thenComparing(p -> p.reference().name()));
    h.append("<table class=\"frames\"><tr><th>reference</th><th>capture</th>")
        .append("<th>difference</th><th>PSNR</th></tr>\n");
    for (Pair p : pairs.subList(0, Math.min(MAX_FRAME_PAIRS, pairs.size()))) {
      h.append("<tr><td>")
          .append(img(p.reference()))
          .append("<br>")
          .append(esc(p.reference().name()))
          .append("</td><td>")
          .append(img(p.actual()))
          .append("<br>")
          .append(esc(p.actual().name()))
          .append("</td><td>")
          .append(img(heatMap(p.actual(), p.reference())))
          .append("</td><td>")
          .append(Value.of(p.psnr()).text())
          .append(" dB</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static String img(Frame f) {
    return "<img alt=\""
        + esc(f.name())
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(Capture.png(f))
        + "\">";
  }

  /** Black where equal, through red to yellow and white as the difference grows. */
  static Frame heatMap(Frame a, Frame b) {
    int[] d = ImageMetrics.difference(a, b);
    int[] rgb = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      int v = d[i] == 0 ? 0 : 64 + d[i] * 3;
      int r = Math.min(255, v);
      int g = Math.clamp(v - 255, 0, 255);
      int bl = Math.clamp(v - 510, 0, 255);
      rgb[i] = (r << 16) | (g << 8) | bl;
    }
    return Frame.of("diff-" + a.name(), a.width(), a.height(), rgb);
  }

  private static void timeline(StringBuilder h, List<StageTiming> timeline) {
    h.append("<h2>Stage timeline</h2>\n");
    if (timeline.isEmpty()) {
      h.append("<p>no run manifest given</p>\n");
      return;
    }
    long total = Math.max(1, timeline.stream().mapToLong(StageTiming::durationMs).sum());
    h.append("<table><tr><th>stage</th><th>status</th><th>cache</th><th>ms</th>")
        .append("<th style=\"width:420px\">share of the run</th></tr>\n");
    for (StageTiming s : timeline) {
      String cls = s.cacheHit() ? "bar hit" : "failed".equals(s.status()) ? "bar failed" : "bar";
      h.append("<tr><td><code>")
          .append(esc(s.name()))
          .append("</code></td><td>")
          .append(esc(s.status()))
          .append("</td><td>")
          .append(s.cacheHit() ? "hit" : "miss")
          .append("</td><td>")
          .append(s.durationMs())
          .append("</td><td><div class=\"")
          .append(cls)
          .append("\" style=\"width:")
          .append(Math.round(400.0 * s.durationMs() / total))
          .append("px\"></div></td></tr>\n");
    }
    h.append("</table>\n");
  }
}
