/**
 * The automation engine behind {@code recomp automate} (SPEC-270).
 *
 * <p>Entry point: {@link dev.recomp.core.Recomp#automate(java.nio.file.Path)} runs an
 * automation.toml ({@link dev.recomp.core.AutomationConfig}) through intake, analysis, lift, build,
 * run/capture, validate and archive ({@link dev.recomp.core.StageName}), serving verified cache
 * hits, and returns the {@link dev.recomp.manifest.RunManifest} it wrote. Options: {@link
 * dev.recomp.core.AutomateOptions}; progress: {@link dev.recomp.core.ProgressListener}; dry runs:
 * {@link dev.recomp.core.Recomp#plan}.
 *
 * <p>Stage SPI: {@link dev.recomp.core.Stage} declares what its result depends on ({@link
 * dev.recomp.core.Stage.Declaration}) and executes inside its directory through a {@link
 * dev.recomp.core.StageContext}. Which implementation runs each stage is one table in {@code
 * internal.StageTable}; stages recomp does not implement yet are reported {@code unavailable}.
 */
package dev.recomp.core;
