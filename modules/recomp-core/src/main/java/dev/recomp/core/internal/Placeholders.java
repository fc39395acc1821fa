package dev.recomp.core.internal;

import dev.recomp.core.StageName;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of command templates. Each expands to an absolute path; the
 * {@code {<stage>_dir}} ones also make the stage depend on that stage's outputs.
 */
final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  /** Placeholders that are not stage directories. */
  static final Set<String> FIXED =
      Set.of(
          "binary", "work_root", "config_dir", "stage_dir", "name_map", "runtime_trace_manifest");

  private Placeholders() {}

  /** Every placeholder name allowed in a template. */
  static Set<String> allowed() {
    Set<String> names = new LinkedHashSet<>(FIXED);
    for (StageName stage : StageName.values()) {
      names.add(stage.wire() + "_dir");
    }
    return names;
  }

  /** The placeholder names used in {@code template}. */
  static Set<String> used(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The stages whose directories {@code template} names. */
  static Set<StageName> stagesUsed(Iterable<String> templates) {
    Set<StageName> stages = EnumSet.noneOf(StageName.class);
    for (String template : templates) {
      for (String name : used(template)) {
        for (StageName stage : StageName.values()) {
          if (name.equals(stage.wire() + "_dir")) {
            stages.add(stage);
          }
        }
      }
    }
    return stages;
  }

  /** Expands {@code template} with {@code values}; unknown names were rejected at load time. */
  static String expand(String template, Map<String, Path> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Path value = values.get(m.group(1));
      m.appendReplacement(
          out, Matcher.quoteReplacement(value == null ? m.group() : value.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The values for one stage. */
  static Map<String, Path> values(
      Path binary,
      Path workRoot,
      Path configDir,
      StageName stage,
      Path nameMap,
      Path runtimeTraceManifest) {
    Map<String, Path> values = new TreeMap<>();
    values.put("binary", binary);
    values.put("work_root", workRoot);
    values.put("config_dir", configDir);
    values.put("stage_dir", workRoot.resolve(stage.wire()));
    for (StageName s : StageName.values()) {
      values.put(s.wire() + "_dir", workRoot.resolve(s.wire()));
    }
    if (nameMap != null) {
      values.put("name_map", nameMap);
    }
    if (runtimeTraceManifest != null) {
      values.put("runtime_trace_manifest", runtimeTraceManifest);
    }
    return values;
  }
}
