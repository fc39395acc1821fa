package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import java.util.SortedMap;
import java.util.TreeSet;

/** The program must write the same files, with the same contents (by SHA-256), as the reference. */
public final class FilesWritten implements Check {
  @Override
  public String id() {
    return "files-written";
  }

  @Override
  public String summary() {
    return "files written match the reference's by path and SHA-256";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String comparison() {
    return "<=";
  }

  @Override
  public String unit() {
    return "files differing";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    SortedMap<String, String> actual = c.actual().files();
    SortedMap<String, String> expected = c.reference().files();
    TreeSet<String> paths = new TreeSet<>(actual.keySet());
    paths.addAll(expected.keySet());
    String first = null;
    int differing = 0;
    for (String p : paths) {
      if (!java.util.Objects.equals(actual.get(p), expected.get(p))) {
        differing++;
        first = first == null ? p : first;
      }
    }
    if (differing == 0) {
      return new Outcome.Passed(Value.of(0), Value.of(0), paths.size() + " files, all equal");
    }
    return new Outcome.Failed(
        Value.of(differing),
        Value.of(0),
        differing + " of " + paths.size() + " files missing, extra or different; first " + first,
        Category.SEMANTICS,
        new Evidence(
            "file " + first, describe(expected.get(first)), describe(actual.get(first)), null));
  }

  private static String describe(String sha256) {
    return sha256 == null ? "<not written>" : "sha256:" + sha256;
  }
}
