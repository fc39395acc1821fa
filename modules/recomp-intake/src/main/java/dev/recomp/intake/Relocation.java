package dev.recomp.intake;

import java.util.Optional;

/**
 * A dynamic relocation the loader applies.
 *
 * @param offset the address to patch ({@code r_offset})
 * @param type the relocation type
 * @param symbol the symbol it refers to, empty for symbol index 0
 * @param addend {@code r_addend}
 */
public record Relocation(long offset, RelocationType type, Optional<Symbol> symbol, long addend) {}
