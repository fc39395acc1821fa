package dev.recomp.validation;

import static dev.recomp.validation.internal.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.ManifestException;
import dev.recomp.manifest.Schema;
import dev.recomp.validation.internal.Html;
import dev.recomp.validation.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A table over many runs' validation reports, for differential campaigns: verdict counts and, per
 * triage category, how many runs and checks failed there.
 *
 * @param rows one row per report found, sorted by path
 */
public record RunSummary(List<Row> rows) {
  /** The JSON file name. */
  public static final String JSON_FILE_NAME = "validation-summary.json";

  /** The HTML file name. */
  public static final String HTML_FILE_NAME = "validation-summary.html";

  /** How deep below the runs directory reports are looked for. */
  static final int MAX_DEPTH = 6;

  /** The verdict given to a report that cannot be read. */
  static final String UNREADABLE = "unreadable";

  /**
   * {@code schemas/validation-summary.schema.json}; the summary is checked before it is written.
   */
  public static final Schema SCHEMA = Schema.named("validation-summary.schema.json");

  /** Copies the list. */
  public RunSummary {
    rows = List.copyOf(rows);
  }

  /**
   * One run.
   *
   * @param run the report's directory, relative to the runs directory ({@code .} for itself)
   * @param verdict the report's verdict, or {@code unreadable}
   * @param failedChecks ids of failed checks with their triage categories, {@code id (category)}
   * @param triage failed checks per triage category, in category order
   * @param firstDivergentPc the report's first divergent PC, or {@code null}
   * @param error why the report could not be read, or {@code null}
   */
  public record Row(
      String run,
      String verdict,
      List<String> failedChecks,
      Map<String, Integer> triage,
      String firstDivergentPc,
      String error) {}

  /** Finds every {@code validation-report.json} under {@code runs} and tabulates them. */
  public static RunSummary scan(Path runs) {
    if (!Files.isDirectory(runs)) {
      throw new ValidationException(runs + ": not a directory");
    }
    List<Path> reports;
    try (Stream<Path> walk = Files.walk(runs, MAX_DEPTH)) {
      reports =
          walk.filter(p -> p.getFileName().toString().equals(ValidationReport.FILE_NAME))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new ValidationException(runs + ": cannot list: " + e.getMessage());
    }
    List<Row> rows = new ArrayList<>();
    for (Path report : reports) {
      Path dir = runs.relativize(report.getParent());
      rows.add(row(dir.toString().isEmpty() ? "." : dir.toString().replace('\\', '/'), report));
    }
    return new RunSummary(rows);
  }

  private static Row row(String run, Path report) {
    JsonNode json;
    try {
      json = Json.readObject(report);
      Reports.SCHEMA.check(json, report.toString());
    } catch (ValidationException | ManifestException e) {
      return new Row(run, UNREADABLE, List.of(), Map.of(), null, e.getMessage());
    }
    List<String> failed = new ArrayList<>();
    for (JsonNode c : json.get("checks")) {
      if (c.get("status").asText().equals("fail")) {
        failed.add(c.get("id").asText() + " (" + c.at("/triage/category").asText() + ")");
      }
    }
    Map<String, Integer> triage = new LinkedHashMap<>();
    for (Category category : Category.values()) {
      JsonNode n = json.get("triage").get(category.id());
      if (n != null) {
        triage.put(category.id(), n.asInt());
      }
    }
    JsonNode pc = json.get("first_divergent_pc");
    return new Row(
        run, json.get("verdict").asText(), failed, triage, pc.isNull() ? null : pc.asText(), null);
  }

  /** Runs per verdict, in the order pass, fail, needs_review, unreadable. */
  public Map<String, Integer> verdictCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      counts.put(v.id(), 0);
    }
    counts.put(UNREADABLE, 0);
    rows.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
    return counts;
  }

  /** Per triage category: {@code [runs with a failure there, failed checks there]}. */
  public Map<String, int[]> triageCounts() {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Category category : Category.values()) {
      int runs = 0;
      int checks = 0;
      for (Row r : rows) {
        Integer n = r.triage().get(category.id());
        if (n != null) {
          runs++;
          checks += n;
        }
      }
      counts.put(category.id(), new int[] {runs, checks});
    }
    return counts;
  }

  /** The summary as JSON ({@code validation-summary.json}). */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("schema_version", 1);
    o.put("runs", rows.size());
    ObjectNode verdicts = o.putObject("verdicts");
    verdictCounts().forEach(verdicts::put);
    ObjectNode triage = o.putObject("triage");
    triageCounts()
        .forEach(
            (c, n) -> {
              ObjectNode t = triage.putObject(c);
              t.put("runs", n[0]);
              t.put("checks", n[1]);
            });
    ArrayNode array = o.putArray("rows");
    for (Row r : rows) {
      ObjectNode j = array.addObject();
      j.put("run", r.run());
      j.put("verdict", r.verdict());
      ArrayNode failed = j.putArray("failed_checks");
      r.failedChecks().forEach(failed::add);
      ObjectNode t = j.putObject("triage");
      r.triage().forEach(t::put);
      j.put("first_divergent_pc", r.firstDivergentPc());
      j.put("error", r.error());
    }
    return o;
  }

  /** The summary as one self-contained HTML page. */
  public String toHtml() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>recomp validation summary</title>\n<style>")
        .append(Html.STYLE)
        .append("</style></head><body>\n<h1>recomp validation summary</h1>\n<p>")
        .append(rows.size())
        .append(" runs</p>\n<table><tr>");
    verdictCounts().forEach((v, n) -> h.append("<th>").append(esc(v)).append("</th>"));
    h.append("</tr><tr>");
    verdictCounts().forEach((v, n) -> h.append("<td>").append(n).append("</td>"));
    h.append("</tr></table>\n<h2>Triage</h2>\n<table><tr><th>category</th><th>runs</th>")
        .append("<th>failed checks</th></tr>\n");
    triageCounts()
        .forEach(
            (c, n) ->
                h.append("<tr><td>")
                    .append(esc(c))
                    .append("</td><td>")
                    .append(n[0])
                    .append("</td><td>")
                    .append(n[1])
                    .append("</td></tr>\n"));
    h.append("</table>\n<h2>Runs</h2>\n<table><tr><th>run</th><th>verdict</th>")
        .append("<th>failed checks</th><th>first divergent PC</th></tr>\n");
    for (Row r : rows) {
      h.append("<tr><td><code>")
          .append(esc(r.run()))
          .append("</code></td><td><span class=\"st ")
          .append(r.verdict().equals(UNREADABLE) ? "skipped" : esc(r.verdict()))
          .append("\">")
          .append(esc(r.verdict()))
          .append("</span></td><td>")
          .append(esc(r.error() != null ? r.error() : String.join(", ", r.failedChecks())))
          .append("</td><td><code>")
          .append(r.firstDivergentPc() == null ? "" : esc(r.firstDivergentPc()))
          .append("</code></td></tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  /** Writes {@code validation-summary.json} and {@code .html} into {@code outDir}. */
  public void write(Path outDir) {
    dev.recomp.manifest.Json.write(outDir.resolve(JSON_FILE_NAME), toJson(), SCHEMA);
    AtomicFiles.write(outDir.resolve(HTML_FILE_NAME), toHtml().getBytes(StandardCharsets.UTF_8));
  }
}
