package dev.recomp.validation;

import dev.recomp.validation.internal.TraceDiff;
import dev.recomp.validation.internal.checks.BuiltInChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Compares a capture with a reference under a set of gates and triages every failure.
 *
 * <pre>{@code
 * ValidationReport report = Validator.validate(Capture.read(run), Capture.read(ref), gates);
 * Reports.write(outDir, report, actual, reference, timeline);   // JSON + HTML
 * }</pre>
 */
public final class Validator {
  private Validator() {}

  /** The built-in checks, in report order. */
  public static List<Check> checks() {
    return BuiltInChecks.ALL;
  }

  /** Runs every enabled check on {@code actual} against {@code reference}. */
  public static ValidationReport validate(Capture actual, Capture reference, Gates gates) {
    for (String id : gates.disabledChecks()) {
      if (checks().stream().noneMatch(c -> c.id().equals(id))) {
        throw new ValidationException("gates: disabled_checks: unknown check \"" + id + "\"");
      }
    }
    Comparison comparison = new Comparison(actual, reference, gates);
    Clues clues = Clues.of(comparison);
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks()) {
      Outcome outcome =
          gates.disabledChecks().contains(check.id())
              ? new Outcome.Skipped("disabled by gates")
              : check.evaluate(comparison);
      Triage triage = outcome instanceof Outcome.Failed f ? triage(f, clues) : null;
      results.add(
          new CheckResult(
              check.id(),
              check.summary(),
              check.severity(),
              check.comparison(),
              check.unit(),
              outcome,
              triage));
    }
    return new ValidationReport(actual.digest(), reference.digest(), gates, results);
  }

  /** What triage knows beyond the failed check: runtime faults and where the traces part. */
  private record Clues(Fault firstFault, TraceDiff.Divergence trace) {
    static Clues of(Comparison c) {
      Fault fault = c.actual().faults().isEmpty() ? null : c.actual().faults().getFirst();
      TraceDiff.Divergence trace =
          c.actual().trace().isPresent() && c.reference().trace().isPresent()
              ? TraceDiff.of(c.actual().trace().get(), c.reference().trace().get(), c.gates())
                  .divergence()
              : null;
      return new Clues(fault, trace);
    }

    Long pc() {
      return trace != null && trace.pc() != null ? trace.pc() : null;
    }
  }

  /** One triage rule: returns a triage when it applies, else {@code null}. First match wins. */
  private record Rule(BiFunction<Outcome.Failed, Clues, Triage> apply) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              (f, k) ->
                  f.category() == Category.CAPTURE || f.category() == Category.TIMING
                      ? new Triage(
                          f.category(),
                          "the check concerns the capture or its pacing",
                          withPc(f.evidence(), k.pc()))
                      : null),
          new Rule(
              (f, k) ->
                  k.firstFault() == null
                      ? null
                      : new Triage(
                          k.firstFault().kind().category(),
                          "the runtime reported "
                              + k.firstFault().kind().id()
                              + " at 0x"
                              + Long.toHexString(k.firstFault().pc())
                              + ": "
                              + k.firstFault().detail(),
                          f.evidence().withPc(k.firstFault().pc()))),
          new Rule(
              (f, k) ->
                  k.trace() != null && k.trace().resultOnly()
                      ? new Triage(
                          Category.SYSCALL,
                          "the syscall traces part at event "
                              + k.trace().index()
                              + ": the same call returned differently",
                          withPc(f.evidence(), k.pc()))
                      : null),
          new Rule(
              (f, k) ->
                  k.trace() != null
                      ? new Triage(
                          Category.SEMANTICS,
                          "the syscall traces part at event "
                              + k.trace().index()
                              + ": the program asked for something else",
                          withPc(f.evidence(), k.pc()))
                      : null),
          new Rule(
              (f, k) ->
                  new Triage(
                      f.category(),
                      "no fault or trace divergence; the check's own category",
                      f.evidence())));

  private static Triage triage(Outcome.Failed failed, Clues clues) {
    for (Rule rule : RULES) {
      Triage t = rule.apply.apply(failed, clues);
      if (t != null) {
        return t;
      }
    }
    throw new IllegalStateException("the last triage rule always applies");
  }

  private static Evidence withPc(Evidence e, Long pc) {
    return e.pc() != null || pc == null ? e : e.withPc(pc);
  }
}
