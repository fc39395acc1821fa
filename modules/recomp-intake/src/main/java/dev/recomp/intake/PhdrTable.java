package dev.recomp.intake;

/**
 * Where the program headers are in memory, for the auxiliary vector: AT_PHDR = {@code address},
 * AT_PHENT = {@code entrySize}, AT_PHNUM = {@code count}.
 */
public record PhdrTable(long address, int entrySize, int count) {}
