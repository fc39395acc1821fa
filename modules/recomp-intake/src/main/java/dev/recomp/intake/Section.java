package dev.recomp.intake;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A named region of the file, as the disassembler and analysis want it (.text, .eh_frame,
 * .symtab...). NRO and NSO have no section table; their readers synthesize .text, .rodata and .data
 * (and the regions MOD0 names) so that consumers see one shape.
 *
 * @param name section name
 * @param type ELF {@code sh_type} (1 PROGBITS, 8 NOBITS...); PROGBITS for synthesized sections
 * @param flags ELF {@code sh_flags} (SHF_WRITE 1, SHF_ALLOC 2, SHF_EXECINSTR 4)
 * @param address virtual address, 0 for sections not loaded
 * @param size size in bytes (for NOBITS, the memory size; {@code data} is then empty)
 * @param fileOffset where {@code data} starts in the input file
 * @param data the file bytes, a read-only view
 */
public record Section(
    String name,
    int type,
    long flags,
    long address,
    long size,
    long fileOffset,
    MemorySegment data) {
  /** ELF {@code SHT_PROGBITS}. */
  public static final int SHT_PROGBITS = 1;

  /** ELF {@code SHT_NOBITS}: occupies memory, not file. */
  public static final int SHT_NOBITS = 8;

  /** ELF {@code SHF_WRITE}. */
  public static final long SHF_WRITE = 0x1;

  /** ELF {@code SHF_ALLOC}: occupies memory at run time. */
  public static final long SHF_ALLOC = 0x2;

  /** ELF {@code SHF_EXECINSTR}: holds instructions. */
  public static final long SHF_EXECINSTR = 0x4;

  /** Makes {@code data} read-only. */
  public Section {
    data = data.asReadOnly();
  }

  /** Whether the section holds instructions. */
  public boolean executable() {
    return (flags & SHF_EXECINSTR) != 0;
  }

  /** Whether the section is loaded into memory. */
  public boolean allocated() {
    return (flags & SHF_ALLOC) != 0;
  }

  /** Whether the section is writable at run time. */
  public boolean writable() {
    return (flags & SHF_WRITE) != 0;
  }

  /** A copy of the file bytes. */
  public byte[] bytes() {
    return data.toArray(ValueLayout.JAVA_BYTE);
  }
}
