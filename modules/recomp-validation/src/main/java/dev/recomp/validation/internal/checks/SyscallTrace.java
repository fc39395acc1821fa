package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import dev.recomp.validation.internal.TraceDiff;

/**
 * The normalized syscall sequence must equal the reference's. A warning: traces from different
 * tracers may still differ in benign ways the normalization list does not cover.
 */
public final class SyscallTrace implements Check {
  @Override
  public String id() {
    return "syscall-trace";
  }

  @Override
  public String summary() {
    return "normalized syscall sequence equals the reference's";
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public String comparison() {
    return "==";
  }

  @Override
  public String unit() {
    return "events matching";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    if (c.actual().trace().isEmpty() || c.reference().trace().isEmpty()) {
      return new Outcome.Skipped("no syscall trace on " + side(c));
    }
    TraceDiff diff = TraceDiff.of(c.actual().trace().get(), c.reference().trace().get(), c.gates());
    Value measured = Value.of(diff.matchingPrefix());
    Value threshold = Value.of(diff.compared());
    if (diff.divergence() == null) {
      return new Outcome.Passed(measured, threshold, diff.compared() + " events, equal");
    }
    TraceDiff.Divergence d = diff.divergence();
    return new Outcome.Failed(
        measured,
        threshold,
        "traces part at normalized event " + d.index(),
        d.resultOnly() ? Category.SYSCALL : Category.SEMANTICS,
        new Evidence("trace event " + d.index(), d.expected(), d.actual(), d.pc()));
  }

  private static String side(Comparison c) {
    boolean a = c.actual().trace().isEmpty();
    boolean r = c.reference().trace().isEmpty();
    return a && r ? "either side" : a ? "the capture" : "the reference";
  }
}
