/**
 * The engine's implementation: config loading ({@code ConfigLoader}), the stage table, the run loop
 * ({@code Engine}), process handling, and the built-in intake, run, validate and archive stages.
 * Not an API.
 */
package dev.recomp.core.internal;
