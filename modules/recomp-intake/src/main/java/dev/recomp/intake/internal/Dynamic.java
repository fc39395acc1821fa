package dev.recomp.intake.internal;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.IntakeException;
import dev.recomp.intake.Relocation;
import dev.recomp.intake.RelocationType;
import dev.recomp.intake.Symbol;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ELF dynamic section of a module located by address (for NRO/NSO, through MOD0): the dynamic
 * symbol table and the RELA relocations (DT_RELA and DT_JMPREL).
 */
public final class Dynamic {
  private static final int DT_NULL = 0;
  private static final int DT_PLTRELSZ = 2;
  private static final int DT_HASH = 4;
  private static final int DT_STRTAB = 5;
  private static final int DT_SYMTAB = 6;
  private static final int DT_RELA = 7;
  private static final int DT_RELASZ = 8;
  private static final int DT_RELAENT = 9;
  private static final int DT_STRSZ = 10;
  private static final int DT_SYMENT = 11;
  private static final int DT_REL = 17;
  private static final int DT_PLTREL = 20;
  private static final int DT_JMPREL = 23;
  private static final int DT_RELRSZ = 35;
  private static final long DT_GNU_HASH = 0x6ffffef5L;
  private static final int ENTRY = 16;
  private static final int SYM_SIZE = 24;
  private static final int RELA_SIZE = 24;
  private static final int MAX_ENTRIES = 1 << 16;
  private static final ValueLayout.OfShort U16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt U32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong U64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** What the dynamic section leads to: its size, the symbols after the null one, relocations. */
  public record Contents(long size, List<Symbol> symbols, List<Relocation> relocations) {}

  private final ImageMemory memory;
  private final long address;
  private final Map<Long, Long> tags = new HashMap<>();

  private Dynamic(ImageMemory memory, long address) {
    this.memory = memory;
    this.address = address;
  }

  /** Reads the dynamic section at {@code address}, up to its DT_NULL. */
  public static Contents read(ImageMemory memory, long address) throws IntakeException {
    Dynamic d = new Dynamic(memory, address);
    long size = d.readTags();
    List<Symbol> symbols = d.symbols();
    // Index 0 is the null symbol: relocations may not name it, and listings leave it out.
    return new Contents(
        size, symbols.subList(Math.min(1, symbols.size()), symbols.size()), d.relocations(symbols));
  }

  private long readTags() throws IntakeException {
    for (int i = 0; i < MAX_ENTRIES; i++) {
      long at = address + (long) i * ENTRY;
      long tag = memory.u64("dynamic entry " + i, at);
      if (tag == DT_NULL) {
        return (long) (i + 1) * ENTRY;
      }
      tags.putIfAbsent(tag, memory.u64("dynamic entry " + i, at + 8));
    }
    throw memory.error("dynamic section", address, "no DT_NULL within " + MAX_ENTRIES + " entries");
  }

  private Optional<Long> tag(long tag) {
    return Optional.ofNullable(tags.get(tag));
  }

  private long required(long tag, String name) throws IntakeException {
    Long value = tags.get(tag);
    if (value == null) {
      throw memory.error("dynamic section", address, name + " is missing");
    }
    return value;
  }

  private List<Symbol> symbols() throws IntakeException {
    Optional<Long> symtab = tag(DT_SYMTAB);
    if (symtab.isEmpty()) {
      return List.of();
    }
    long syment = tag(DT_SYMENT).orElse((long) SYM_SIZE);
    if (syment != SYM_SIZE) {
      throw memory.error("dynamic section", address, "DT_SYMENT " + syment + ", expected 24");
    }
    long strtab = required(DT_STRTAB, "DT_STRTAB (DT_SYMTAB is present)");
    long strsz = required(DT_STRSZ, "DT_STRSZ (DT_SYMTAB is present)");
    MemorySegment strings = memory.read("DT_STRTAB string table", strtab, strsz);
    long count = symbolCount(symtab.get(), strtab);
    List<Symbol> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      long at = symtab.get() + i * SYM_SIZE;
      MemorySegment e = memory.read("dynamic symbol " + i, at, SYM_SIZE);
      long nameIndex = Integer.toUnsignedLong(e.get(U32, 0));
      int info = Byte.toUnsignedInt(e.get(ValueLayout.JAVA_BYTE, 4));
      int shndx = Short.toUnsignedInt(e.get(U16, 6));
      out.add(
          new Symbol(
              name(strings, nameIndex, i, at),
              e.get(U64, 8),
              e.get(U64, 16),
              Symbol.Kind.ofElf(info & 0xf),
              Symbol.Binding.ofElf(info >>> 4),
              shndx != 0,
              Symbol.Table.DYNSYM));
    }
    return out;
  }

  private String name(MemorySegment strings, long index, long symbol, long at)
      throws IntakeException {
    if (Long.compareUnsigned(index, strings.byteSize()) >= 0) {
      throw memory.error(
          "dynamic symbol " + symbol,
          at,
          "name index " + hex(index) + " beyond DT_STRSZ " + hex(strings.byteSize()));
    }
    long end = index;
    while (end < strings.byteSize() && strings.get(ValueLayout.JAVA_BYTE, end) != 0) {
      end++;
    }
    if (end == strings.byteSize()) {
      throw memory.error("dynamic symbol " + symbol, at, "name is not NUL-terminated");
    }
    return new String(
        strings.asSlice(index, end - index).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
  }

  /**
   * The number of dynamic symbols: DT_HASH's nchain, else the GNU hash table's highest chain end,
   * else (as linkers lay them out) the distance from DT_SYMTAB to the string table that follows it.
   */
  private long symbolCount(long symtab, long strtab) throws IntakeException {
    Optional<Long> hash = tag(DT_HASH);
    if (hash.isPresent()) {
      return memory.u32("DT_HASH nchain", hash.get() + 4);
    }
    Optional<Long> gnuHash = tag(DT_GNU_HASH);
    if (gnuHash.isPresent()) {
      return gnuHashCount(gnuHash.get());
    }
    if (Long.compareUnsigned(strtab, symtab) > 0) {
      return (strtab - symtab) / SYM_SIZE;
    }
    throw memory.error(
        "dynamic section",
        address,
        "cannot size DT_SYMTAB: no DT_HASH or DT_GNU_HASH and DT_STRTAB does not follow it");
  }

  private long gnuHashCount(long at) throws IntakeException {
    long buckets = memory.u32("DT_GNU_HASH header", at);
    long symOffset = memory.u32("DT_GNU_HASH header", at + 4);
    long bloomSize = memory.u32("DT_GNU_HASH header", at + 8);
    long bucketsAt = at + 16 + bloomSize * 8;
    MemorySegment bucketTable = memory.read("DT_GNU_HASH buckets", bucketsAt, buckets * 4);
    long last = 0;
    for (long i = 0; i < buckets; i++) {
      last = Math.max(last, Integer.toUnsignedLong(bucketTable.getAtIndex(U32, i)));
    }
    if (last < symOffset) {
      return symOffset;
    }
    long chains = bucketsAt + buckets * 4;
    for (long i = last; ; i++) {
      if ((memory.u32("DT_GNU_HASH chain", chains + (i - symOffset) * 4) & 1) != 0) {
        return i + 1;
      }
    }
  }

  private List<Relocation> relocations(List<Symbol> symbols) throws IntakeException {
    if (tags.containsKey((long) DT_REL)) {
      throw memory.error("dynamic section", address, "DT_REL relocations are not used on AArch64");
    }
    if (tags.containsKey((long) DT_RELRSZ)) {
      throw memory.error(
          "dynamic section", address, "DT_RELR packed relocations are not supported");
    }
    List<Relocation> out = new ArrayList<>();
    Optional<Long> rela = tag(DT_RELA);
    if (rela.isPresent()) {
      long relaent = tag(DT_RELAENT).orElse((long) RELA_SIZE);
      if (relaent != RELA_SIZE) {
        throw memory.error("dynamic section", address, "DT_RELAENT " + relaent + ", expected 24");
      }
      table(
          "DT_RELA",
          rela.get(),
          required(DT_RELASZ, "DT_RELASZ (DT_RELA is present)"),
          symbols,
          out);
    }
    Optional<Long> jmprel = tag(DT_JMPREL);
    if (jmprel.isPresent()) {
      long pltrel = tag(DT_PLTREL).orElse((long) DT_RELA);
      if (pltrel != DT_RELA) {
        throw memory.error(
            "dynamic section", address, "DT_PLTREL " + pltrel + ", expected 7 (DT_RELA)");
      }
      table(
          "DT_JMPREL",
          jmprel.get(),
          required(DT_PLTRELSZ, "DT_PLTRELSZ (DT_JMPREL is present)"),
          symbols,
          out);
    }
    return out;
  }

  private void table(String name, long at, long size, List<Symbol> symbols, List<Relocation> out)
      throws IntakeException {
    if (size % RELA_SIZE != 0) {
      throw memory.error(name, at, "size " + hex(size) + " is not a multiple of 24");
    }
    MemorySegment table = memory.read(name + " table", at, size);
    for (long i = 0; i < size / RELA_SIZE; i++) {
      long entryAt = at + i * RELA_SIZE;
      String what = name + " entry " + i;
      long offset = table.get(U64, i * RELA_SIZE);
      long info = table.get(U64, i * RELA_SIZE + 8);
      long addend = table.get(U64, i * RELA_SIZE + 16);
      long typeCode = info & 0xffffffffL;
      RelocationType type =
          RelocationType.ofCode(typeCode)
              .orElseThrow(
                  () ->
                      memory.error(
                          what,
                          entryAt,
                          "relocation type " + typeCode + " is not a dynamic AArch64 type"));
      long symbolIndex = info >>> 32;
      Optional<Symbol> symbol = Optional.empty();
      if (symbolIndex != 0) {
        if (symbolIndex >= symbols.size()) {
          throw memory.error(
              what,
              entryAt,
              "symbol index " + symbolIndex + " beyond " + symbols.size() + " dynamic symbols");
        }
        symbol = Optional.of(symbols.get((int) symbolIndex));
      }
      if (type != RelocationType.NONE && !memory.mapped(offset, 8)) {
        throw memory.error(what, entryAt, "r_offset " + hex(offset) + " is not inside a segment");
      }
      out.add(new Relocation(offset, type, symbol, addend));
    }
  }
}
