package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Evidence;
import dev.recomp.validation.Fault;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.Value;
import java.util.List;

/**
 * The recompiled program must run without runtime faults (traps, dispatch misses). A warning: a
 * fault the interpreter fallback absorbed may leave the output right, but it needs a look.
 */
public final class RuntimeFaults implements Check {
  @Override
  public String id() {
    return "runtime-faults";
  }

  @Override
  public String summary() {
    return "the runtime reported no traps, dispatch misses or memory faults";
  }

  @Override
  public Severity severity() {
    return Severity.WARNING;
  }

  @Override
  public String comparison() {
    return "<=";
  }

  @Override
  public String unit() {
    return "faults";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    List<Fault> faults = c.actual().faults();
    if (faults.isEmpty()) {
      return new Outcome.Passed(Value.of(0), Value.of(0), "no faults");
    }
    Fault first = faults.getFirst();
    return new Outcome.Failed(
        Value.of(faults.size()),
        Value.of(0),
        faults.size() + " faults; first " + first.kind().id() + ": " + first.detail(),
        first.kind().category(),
        new Evidence("fault 0", "no fault", first.kind().id() + ": " + first.detail(), first.pc()));
  }
}
