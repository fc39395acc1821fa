/**
 * Run-manifest and artifact-index models, JSON Schema validation, fingerprints, content-addressed
 * store and action cache.
 */
package dev.recomp.manifest;
