/**
 * The command-line front ends {@code recomp} and {@code recomp-validation}: thin picocli commands
 * over the library modules. Exit codes: 0 success, 1 failure in the work itself, 2 bad usage.
 */
package dev.recomp.cli;
