package dev.recomp.validation.internal.checks;

import dev.recomp.manifest.Sha256;
import dev.recomp.validation.Category;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.ByteDiff;

/** Byte-exact comparison of one output stream, shared by the stdout and stderr checks. */
final class StreamBytes {
  private StreamBytes() {}

  static Outcome compare(String stream, byte[] actual, byte[] reference, int context) {
    Value measured = Value.of("sha256:" + Sha256.of(actual));
    Value threshold = Value.of("sha256:" + Sha256.of(reference));
    ByteDiff diff = ByteDiff.first(reference, actual, context);
    if (diff == null) {
      return new Outcome.Passed(measured, threshold, actual.length + " bytes, identical");
    }
    return new Outcome.Failed(
        measured,
        threshold,
        stream
            + " differs from byte "
            + diff.offset()
            + " (capture "
            + actual.length
            + " bytes, reference "
            + reference.length
            + ")",
        Category.SEMANTICS,
        new Evidence(stream + " byte " + diff.offset(), diff.expected(), diff.actual(), null));
  }
}
