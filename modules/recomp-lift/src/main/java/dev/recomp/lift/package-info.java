/** Analysis, typed IR, A64 semantics, IR interpreter and the JVM bytecode backend. */
package dev.recomp.lift;
