package dev.recomp.validation;

import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.Schema;
import dev.recomp.validation.internal.HtmlReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a validation report as {@code validation-report.json} and, beside it, the static {@code
 * validation-report.html}. Each file is written whole (temp file and atomic rename); the JSON is
 * checked against its schema first.
 */
public final class Reports {
  /** The HTML report file name. */
  public static final String HTML_FILE_NAME = "validation-report.html";

  /**
   * {@code schemas/validation-report.schema.json}; every report is checked before it is written.
   */
  public static final Schema SCHEMA = Schema.named("validation-report.schema.json");

  private Reports() {}

  /** The two files written. */
  public record Written(Path json, Path html) {}

  /**
   * Writes both reports into {@code dir}.
   *
   * @param dir the output directory (created if absent)
   * @param report the report
   * @param actual the capture it judged, for the stream diff and frames
   * @param reference the reference it judged against
   * @param timeline the run's stages for the timeline ({@link StageTiming#fromRunManifest}); may be
   *     empty
   */
  public static Written write(
      Path dir,
      ValidationReport report,
      Capture actual,
      Capture reference,
      List<StageTiming> timeline) {
    Path json = dir.resolve(ValidationReport.FILE_NAME);
    Path html = dir.resolve(HTML_FILE_NAME);
    Json.write(json, report.toJson(), SCHEMA);
    AtomicFiles.write(
        html,
        HtmlReport.render(report, actual, reference, timeline).getBytes(StandardCharsets.UTF_8));
    return new Written(json, html);
  }

  /** The static HTML page for {@code report}. */
  public static String html(
      ValidationReport report, Capture actual, Capture reference, List<StageTiming> timeline) {
    return HtmlReport.render(report, actual, reference, timeline);
  }
}
