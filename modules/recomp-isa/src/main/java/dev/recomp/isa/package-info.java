/** A64 decoder driven by a declarative encoding table, and an objdump-syntax disassembler. */
package dev.recomp.isa;
