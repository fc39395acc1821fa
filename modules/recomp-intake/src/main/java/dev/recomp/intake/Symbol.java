package dev.recomp.intake;

/**
 * A symbol from .symtab or .dynsym (for NRO/NSO, from the dynamic symbol table MOD0 leads to).
 *
 * @param name the name, possibly empty
 * @param address {@code st_value}
 * @param size {@code st_size}
 * @param kind from {@code ST_TYPE(st_info)}
 * @param binding from {@code ST_BIND(st_info)}
 * @param defined whether {@code st_shndx} is not SHN_UNDEF
 * @param table which table it came from
 */
public record Symbol(
    String name,
    long address,
    long size,
    Symbol.Kind kind,
    Symbol.Binding binding,
    boolean defined,
    Symbol.Table table) {
  /** The symbol's type. */
  public enum Kind {
    /** STT_NOTYPE. */
    NOTYPE,
    /** STT_OBJECT: data. */
    OBJECT,
    /** STT_FUNC: code. */
    FUNCTION,
    /** STT_SECTION. */
    SECTION,
    /** STT_FILE. */
    FILE,
    /** STT_TLS: an offset in the TLS template. */
    TLS,
    /** STT_GNU_IFUNC: a resolver function returning the implementation's address. */
    IFUNC,
    /** Any other type value. */
    OTHER;

    /** The kind for an ELF {@code ST_TYPE} value. */
    public static Kind ofElf(int type) {
      return switch (type) {
        case 0 -> NOTYPE;
        case 1 -> OBJECT;
        case 2 -> FUNCTION;
        case 3 -> SECTION;
        case 4 -> FILE;
        case 6 -> TLS;
        case 10 -> IFUNC;
        default -> OTHER;
      };
    }
  }

  /** The symbol's visibility to linking. */
  public enum Binding {
    /** STB_LOCAL. */
    LOCAL,
    /** STB_GLOBAL. */
    GLOBAL,
    /** STB_WEAK. */
    WEAK,
    /** Any other binding value (STB_GNU_UNIQUE...). */
    OTHER;

    /** The binding for an ELF {@code ST_BIND} value. */
    public static Binding ofElf(int bind) {
      return switch (bind) {
        case 0 -> LOCAL;
        case 1 -> GLOBAL;
        case 2 -> WEAK;
        default -> OTHER;
      };
    }
  }

  /** The table a symbol was read from. */
  public enum Table {
    /** The static symbol table (.symtab). */
    SYMTAB,
    /** The dynamic symbol table (.dynsym / DT_SYMTAB). */
    DYNSYM
  }
}
