/**
 * Compares captures with references and writes validation reports.
 *
 * <ul>
 *   <li>{@link dev.recomp.validation.Capture}: what a run produced (streams, exit status, files
 *       written, syscall trace, runtime faults, frames, audio) and its directory layout; {@link
 *       dev.recomp.validation.ReferenceExecutor} records one by running a reference command.
 *   <li>{@link dev.recomp.validation.Gates}: the thresholds, with documented defaults.
 *   <li>{@link dev.recomp.validation.Validator#validate}: runs every {@link
 *       dev.recomp.validation.Check} and triages failures into a {@link
 *       dev.recomp.validation.ValidationReport}; {@link dev.recomp.validation.Reports#write} writes
 *       {@code validation-report.json} and the static {@code validation-report.html}.
 *   <li>{@link dev.recomp.validation.ArtifactCheck}: re-validates a run folder from its artifact
 *       index and run manifest; {@link dev.recomp.validation.RunSummary}: a table over many runs.
 * </ul>
 *
 * <p>The checks themselves live in {@code dev.recomp.validation.internal.checks}, one class each,
 * registered in {@code BuiltInChecks}. User documentation: {@code docs/validation.md}.
 */
package dev.recomp.validation;
