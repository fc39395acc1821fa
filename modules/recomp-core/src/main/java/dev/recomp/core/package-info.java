/**
 * The automation engine: automation.toml, stage graph, cache, policy, built-in stages,
 * Recomp.automate.
 */
package dev.recomp.core;
