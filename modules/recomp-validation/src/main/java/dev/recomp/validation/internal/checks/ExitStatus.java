package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Category;
import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;

/** The program must exit with the reference's status, and within its time limit. */
public final class ExitStatus implements Check {
  @Override
  public String id() {
    return "exit-status";
  }

  @Override
  public String summary() {
    return "exit status equals the reference's and the run finished in time";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String comparison() {
    return "==";
  }

  @Override
  public String unit() {
    return "status";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    int actual = c.actual().exitStatus();
    int expected = c.reference().exitStatus();
    if (c.actual().timedOut() && !c.reference().timedOut()) {
      return new Outcome.Failed(
          Value.of(actual),
          Value.of(expected),
          "the capture hit its time limit; the reference finished",
          Category.TIMING,
          new Evidence("exit", "finished", "timed out", null));
    }
    if (actual != expected) {
      return new Outcome.Failed(
          Value.of(actual),
          Value.of(expected),
          "exit status " + actual + ", reference " + expected,
          Category.SEMANTICS,
          new Evidence("exit", Integer.toString(expected), Integer.toString(actual), null));
    }
    return new Outcome.Passed(Value.of(actual), Value.of(expected), "exit status " + actual);
  }
}
