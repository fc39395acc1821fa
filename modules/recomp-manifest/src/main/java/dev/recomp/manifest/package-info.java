/**
 * Run records and the machinery that keeps them trustworthy.
 *
 * <ul>
 *   <li>Records: {@link dev.recomp.manifest.RunManifest} (with {@link
 *       dev.recomp.manifest.StepRecord}, {@link dev.recomp.manifest.InputRecord}, {@link
 *       dev.recomp.manifest.OutputRecord}, {@link dev.recomp.manifest.ArtifactRecord}, {@link
 *       dev.recomp.manifest.ValidationReportRef}), {@link dev.recomp.manifest.ArtifactIndex},
 *       {@link dev.recomp.manifest.PolicyRecord}, {@link dev.recomp.manifest.ModelRequestEnvelope}.
 *   <li>JSON: {@link dev.recomp.manifest.Json} writes canonical JSON (sorted keys, stable layout),
 *       schema-checked and atomic; {@link dev.recomp.manifest.Schema} names the JSON Schemas of the
 *       repository's {@code schemas/} folder, shipped on the classpath.
 *   <li>Hashing and files: {@link dev.recomp.manifest.Sha256}, {@link
 *       dev.recomp.manifest.Fingerprint}, {@link dev.recomp.manifest.AtomicFiles}.
 *   <li>Caching: {@link dev.recomp.manifest.ContentStore} (blobs by sha256, verified on every read)
 *       and {@link dev.recomp.manifest.ActionCache} (cache key to {@link
 *       dev.recomp.manifest.ActionResult}).
 * </ul>
 */
package dev.recomp.manifest;
