package dev.recomp.intake;

/**
 * One ELF program header, as read.
 *
 * @param type {@code p_type}
 * @param flags {@code p_flags} (PF_X 1, PF_W 2, PF_R 4)
 * @param offset {@code p_offset}
 * @param vaddr {@code p_vaddr}
 * @param paddr {@code p_paddr}
 * @param fileSize {@code p_filesz}
 * @param memSize {@code p_memsz}
 * @param alignment {@code p_align}
 */
public record ProgramHeader(
    int type,
    int flags,
    long offset,
    long vaddr,
    long paddr,
    long fileSize,
    long memSize,
    long alignment) {
  /** PT_LOAD. */
  public static final int PT_LOAD = 1;

  /** PT_DYNAMIC. */
  public static final int PT_DYNAMIC = 2;

  /** PT_INTERP. */
  public static final int PT_INTERP = 3;

  /** PT_NOTE. */
  public static final int PT_NOTE = 4;

  /** PT_PHDR. */
  public static final int PT_PHDR = 6;

  /** PT_TLS. */
  public static final int PT_TLS = 7;

  /** PT_GNU_EH_FRAME. */
  public static final int PT_GNU_EH_FRAME = 0x6474e550;

  /** PT_GNU_STACK: its flags give the stack's permissions. */
  public static final int PT_GNU_STACK = 0x6474e551;

  /** PT_GNU_RELRO. */
  public static final int PT_GNU_RELRO = 0x6474e552;

  /** The access rights in {@code flags}. */
  public Permissions permissions() {
    return Permissions.ofElfFlags(flags);
  }
}
