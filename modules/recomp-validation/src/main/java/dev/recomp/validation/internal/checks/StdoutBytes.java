package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;

/** Standard output must be byte-identical to the reference's. */
public final class StdoutBytes implements Check {
  @Override
  public String id() {
    return "stdout-bytes";
  }

  @Override
  public String summary() {
    return "standard output is byte-identical to the reference";
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
    return "digest";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    return StreamBytes.compare(
        "stdout", c.actual().stdout(), c.reference().stdout(), c.gates().stdoutContextBytes());
  }
}
