package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import dev.recomp.intake.internal.Dynamic;
import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.ImageMemory;
import dev.recomp.intake.internal.InputFiles;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads AArch64 ELF64 little-endian executables (ET_EXEC, and ET_DYN static PIE) into a {@link
 * GuestImage}: program headers, section headers, .symtab/.dynsym, allocated RELA sections
 * (.rela.dyn, .rela.plt), PT_TLS, PT_GNU_STACK and the GNU build-id note. Every read is
 * bounds-checked; a malformed file gives an {@link IntakeException} naming the file, the offset and
 * what was expected, and no other exception escapes for any input.
 */
public final class ElfReader {
  /** "\x7fELF" read as a little-endian word. */
  private static final long ELF_MAGIC = 0x464c457fL;

  /** AArch64 Linux user space ends at 2^48. */
  private static final long ADDRESS_LIMIT = 1L << 48;

  private static final int EHDR_SIZE = 64;
  private static final int PHDR_SIZE = 56;
  private static final int SHDR_SIZE = 64;
  private static final int SYM_SIZE = 24;
  private static final int RELA_SIZE = 24;
  private static final int EM_AARCH64 = 183;
  private static final int ET_EXEC = 2;
  private static final int ET_DYN = 3;
  private static final int PN_XNUM = 0xffff;
  private static final int SHN_XINDEX = 0xffff;
  private static final int SHT_NULL = 0;
  private static final int SHT_SYMTAB = 2;
  private static final int SHT_STRTAB = 3;
  private static final int SHT_RELA = 4;
  private static final int SHT_NOTE = 7;
  private static final int SHT_REL = 9;
  private static final int SHT_DYNSYM = 11;
  private static final int NT_GNU_BUILD_ID = 3;

  private ElfReader() {}

  /** Whether {@code bytes} start with the ELF magic. */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 0x7f
        && bytes[1] == 'E'
        && bytes[2] == 'L'
        && bytes[3] == 'F';
  }

  /** Reads the ELF file at {@code path}; errors name it as given. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes} (copied) as an ELF file called {@code source} in errors. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    return read(source, bytes, Hashing.sha256Hex(bytes));
  }

  /** As {@link #read(String, byte[])}, with the SHA-256 of {@code bytes} given. */
  static GuestImage read(String source, byte[] bytes, String sha256) throws IntakeException {
    return new Parse(new Bin(source, bytes.clone())).image(sha256);
  }

  private record RawSection(
      int index,
      Struct header,
      String name,
      int type,
      long flags,
      long address,
      long offset,
      long size,
      int link,
      long entrySize,
      MemorySegment data) {}

  /** One parse of one file. */
  private static final class Parse {
    private final Bin bin;
    private final Struct ehdr;
    private final List<ProgramHeader> phdrs = new ArrayList<>();
    private final List<RawSection> rawSections = new ArrayList<>();
    private final Map<Integer, List<Symbol>> symbolTables = new HashMap<>();

    Parse(Bin bin) throws IntakeException {
      this.bin = bin;
      this.ehdr = header(bin);
    }

    private static Struct header(Bin bin) throws IntakeException {
      if (!bin.inFile(0, 4) || bin.struct("ELF magic", 0, 4).u32(0) != ELF_MAGIC) {
        throw bin.error("ELF header", 0, "expected magic 7f 45 4c 46 (\\x7fELF)");
      }
      Struct h = bin.struct("ELF header", 0, EHDR_SIZE);
      expect(h, h.u8(4), 2, "EI_CLASS", "2 (ELFCLASS64)");
      expect(h, h.u8(5), 1, "EI_DATA", "1 (little-endian)");
      expect(h, h.u8(6), 1, "EI_VERSION", "1");
      expect(h, h.u16(18), EM_AARCH64, "e_machine", "183 (EM_AARCH64)");
      int type = h.u16(16);
      if (type != ET_EXEC && type != ET_DYN) {
        throw h.error("e_type " + type + ", expected 2 (ET_EXEC) or 3 (ET_DYN)");
      }
      return h;
    }

    private static void expect(Struct s, long actual, long wanted, String field, String what)
        throws IntakeException {
      if (actual != wanted) {
        throw s.error(field + " " + actual + ", expected " + what);
      }
    }

    GuestImage image(String sha256) throws IntakeException {
      readSections();
      readProgramHeaders();
      List<Segment> segments = segments();
      List<Symbol> symbols = new ArrayList<>();
      List<Relocation> relocations;
      Optional<ProgramHeader> dynamic =
          phdrs.stream().filter(p -> p.type() == ProgramHeader.PT_DYNAMIC).findFirst();
      if (rawSections.isEmpty() && dynamic.isPresent()) {
        // No section table (stripped with sstrip and the like): the loader's view still works.
        Dynamic.Contents contents =
            Dynamic.read(new ImageMemory(bin.source(), segments), dynamic.get().vaddr());
        symbols.addAll(contents.symbols());
        relocations = contents.relocations();
      } else {
        for (RawSection s : rawSections) {
          if (s.type == SHT_SYMTAB || s.type == SHT_DYNSYM) {
            List<Symbol> table = symbolTable(s);
            symbols.addAll(table.subList(Math.min(1, table.size()), table.size()));
          }
        }
        relocations = relocations(segments);
      }
      return new GuestImage(
          ImageFormat.ELF,
          ehdr.u16(16) == ET_EXEC ? ImageType.EXEC : ImageType.DYN,
          ehdr.u64(24),
          segments,
          sections(),
          symbols,
          relocations,
          tls(),
          phdrs,
          phdrTable(),
          buildId(),
          Optional.empty(),
          sha256,
          bin.size());
    }

    // ---- section headers

    private void readSections() throws IntakeException {
      long shoff = ehdr.u64(40);
      if (shoff == 0) {
        return;
      }
      long count = ehdr.u16(60);
      int shstrndx = ehdr.u16(62);
      if (count != 0 || shstrndx == SHN_XINDEX) {
        expect(ehdr, ehdr.u16(58), SHDR_SIZE, "e_shentsize", "64");
      }
      if (count == 0 || shstrndx == SHN_XINDEX) {
        // Extended numbering: the real values live in section header 0.
        Struct zero = bin.struct("section header 0", shoff, SHDR_SIZE);
        if (count == 0) {
          count = zero.u64(32);
        }
        if (shstrndx == SHN_XINDEX) {
          shstrndx = (int) zero.u32(40);
        }
      }
      if (Long.compareUnsigned(count, bin.size() / SHDR_SIZE) > 0) {
        throw ehdr.error("section count " + count + " cannot fit in file size " + hex(bin.size()));
      }
      bin.struct("section header table (" + count + " entries)", shoff, count * SHDR_SIZE);
      if (count > 0 && Integer.compareUnsigned(shstrndx, (int) count) >= 0) {
        throw ehdr.error("e_shstrndx " + shstrndx + " beyond section count " + count);
      }
      List<Struct> headers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        headers.add(bin.struct("section header " + i, shoff + (long) i * SHDR_SIZE, SHDR_SIZE));
      }
      MemorySegment names = count == 0 ? MemorySegment.NULL : data(headers.get(shstrndx));
      for (int i = 0; i < count; i++) {
        Struct h = headers.get(i);
        rawSections.add(
            new RawSection(
                i,
                h,
                i == 0 ? "" : bin.cstring(h, names, h.u32(0), "section name table"),
                (int) h.u32(4),
                h.u64(8),
                h.u64(16),
                h.u64(24),
                h.u64(32),
                (int) h.u32(40),
                h.u64(56),
                data(h)));
      }
    }

    /** The file bytes a section header describes (none for SHT_NULL and SHT_NOBITS). */
    private MemorySegment data(Struct h) throws IntakeException {
      int type = (int) h.u32(4);
      if (type == SHT_NULL || type == Section.SHT_NOBITS) {
        return MemorySegment.ofArray(new byte[0]);
      }
      return bin.range(h, "sh_offset+sh_size", h.u64(24), h.u64(32));
    }

    private List<Section> sections() {
      List<Section> out = new ArrayList<>();
      for (RawSection s : rawSections) {
        if (s.index != 0) {
          out.add(new Section(s.name, s.type, s.flags, s.address, s.size, s.offset, s.data));
        }
      }
      return out;
    }

    private RawSection linked(RawSection from, int wantedType, String what) throws IntakeException {
      if (from.link <= 0 || from.link >= rawSections.size()) {
        throw from.header.error(
            from.name + ": sh_link " + from.link + " is not a section index (wanted " + what + ")");
      }
      RawSection to = rawSections.get(from.link);
      if (to.type != wantedType) {
        throw from.header.error(
            from.name + ": sh_link " + from.link + " is section type " + to.type + ", not " + what);
      }
      return to;
    }

    private static void expectEntries(RawSection s, long entrySize) throws IntakeException {
      if (s.entrySize != entrySize) {
        throw s.header.error(s.name + ": sh_entsize " + s.entrySize + ", expected " + entrySize);
      }
      if (s.size % entrySize != 0) {
        throw s.header.error(
            s.name + ": sh_size " + hex(s.size) + " is not a multiple of " + entrySize);
      }
    }

    // ---- symbols

    /** The symbols of a SYMTAB/DYNSYM section, index 0 (the null symbol) included. */
    private List<Symbol> symbolTable(RawSection s) throws IntakeException {
      List<Symbol> cached = symbolTables.get(s.index);
      if (cached != null) {
        return cached;
      }
      expectEntries(s, SYM_SIZE);
      MemorySegment strings = linked(s, SHT_STRTAB, "a string table").data;
      Symbol.Table table = s.type == SHT_SYMTAB ? Symbol.Table.SYMTAB : Symbol.Table.DYNSYM;
      List<Symbol> symbols = new ArrayList<>();
      for (long i = 0; i < s.size / SYM_SIZE; i++) {
        Struct e = bin.struct(s.name + " symbol " + i, s.offset + i * SYM_SIZE, SYM_SIZE);
        int info = e.u8(4);
        symbols.add(
            new Symbol(
                bin.cstring(e, strings, e.u32(0), s.name + " string table"),
                e.u64(8),
                e.u64(16),
                Symbol.Kind.ofElf(info & 0xf),
                Symbol.Binding.ofElf(info >>> 4),
                e.u16(6) != 0,
                table));
      }
      symbolTables.put(s.index, symbols);
      return symbols;
    }

    // ---- relocations

    private List<Relocation> relocations(List<Segment> segments) throws IntakeException {
      List<Relocation> out = new ArrayList<>();
      for (RawSection s : rawSections) {
        if ((s.flags & Section.SHF_ALLOC) == 0) {
          continue;
        }
        if (s.type == SHT_REL) {
          throw s.header.error(s.name + ": SHT_REL relocations are not used on AArch64");
        }
        if (s.type != SHT_RELA) {
          continue;
        }
        expectEntries(s, RELA_SIZE);
        List<Symbol> symbols = s.link == 0 ? List.of() : symbolTable(symbolSection(s));
        for (long i = 0; i < s.size / RELA_SIZE; i++) {
          Struct e = bin.struct(s.name + " entry " + i, s.offset + i * RELA_SIZE, RELA_SIZE);
          out.add(relocation(e, symbols, segments));
        }
      }
      return out;
    }

    private RawSection symbolSection(RawSection rela) throws IntakeException {
      if (rela.link < 0 || rela.link >= rawSections.size()) {
        throw rela.header.error(rela.name + ": sh_link " + rela.link + " is not a section index");
      }
      RawSection to = rawSections.get(rela.link);
      if (to.type != SHT_SYMTAB && to.type != SHT_DYNSYM) {
        throw rela.header.error(
            rela.name + ": sh_link " + rela.link + " is section type " + to.type + ", not symbols");
      }
      return to;
    }

    private static Relocation relocation(Struct e, List<Symbol> symbols, List<Segment> segments)
        throws IntakeException {
      long offset = e.u64(0);
      long info = e.u64(8);
      RelocationType type =
          RelocationType.ofCode(info & 0xffffffffL)
              .orElseThrow(
                  () ->
                      e.error(
                          "relocation type "
                              + (info & 0xffffffffL)
                              + " is not a dynamic AArch64 type"));
      long symbolIndex = info >>> 32;
      Optional<Symbol> symbol = Optional.empty();
      if (symbolIndex != 0) {
        if (symbolIndex >= symbols.size()) {
          throw e.error(
              "symbol index " + symbolIndex + " beyond symbol table of " + symbols.size());
        }
        symbol = Optional.of(symbols.get((int) symbolIndex));
      }
      if (type != RelocationType.NONE && !insideSegment(segments, offset, 8)) {
        throw e.error("r_offset " + hex(offset) + " is not inside a loaded segment");
      }
      return new Relocation(offset, type, symbol, e.u64(16));
    }

    private static boolean insideSegment(List<Segment> segments, long address, long length) {
      return segments.stream()
          .anyMatch(
              s ->
                  Long.compareUnsigned(address - s.address(), s.memSize()) < 0
                      && Long.compareUnsigned(length, s.memSize() - (address - s.address())) <= 0);
    }

    // ---- program headers

    private void readProgramHeaders() throws IntakeException {
      long phoff = ehdr.u64(32);
      long count = ehdr.u16(56);
      if (count == PN_XNUM) {
        if (rawSections.isEmpty()) {
          throw ehdr.error("e_phnum is PN_XNUM but there is no section header 0 to hold the count");
        }
        count = rawSections.getFirst().header.u32(44);
      }
      if (count == 0) {
        return;
      }
      expect(ehdr, ehdr.u16(54), PHDR_SIZE, "e_phentsize", "56");
      bin.struct("program header table (" + count + " entries)", phoff, count * PHDR_SIZE);
      for (int i = 0; i < count; i++) {
        Struct p = bin.struct("program header " + i, phoff + (long) i * PHDR_SIZE, PHDR_SIZE);
        ProgramHeader ph =
            new ProgramHeader(
                (int) p.u32(0),
                (int) p.u32(4),
                p.u64(8),
                p.u64(16),
                p.u64(24),
                p.u64(32),
                p.u64(40),
                p.u64(48));
        bin.range(p, "p_offset+p_filesz", ph.offset(), ph.fileSize());
        if (Long.compareUnsigned(ph.vaddr() + ph.memSize(), ph.vaddr()) < 0) {
          throw p.error(
              "p_vaddr+p_memsz " + hex(ph.vaddr()) + "+" + hex(ph.memSize()) + " wraps around");
        }
        if (ph.type() == ProgramHeader.PT_LOAD
            && Long.compareUnsigned(ph.vaddr() + ph.memSize(), ADDRESS_LIMIT) > 0) {
          throw p.error(
              "p_vaddr+p_memsz "
                  + hex(ph.vaddr())
                  + "+"
                  + hex(ph.memSize())
                  + " beyond the 48-bit address space");
        }
        if ((ph.type() == ProgramHeader.PT_LOAD || ph.type() == ProgramHeader.PT_TLS)
            && Long.compareUnsigned(ph.fileSize(), ph.memSize()) > 0) {
          throw p.error("p_filesz " + hex(ph.fileSize()) + " exceeds p_memsz " + hex(ph.memSize()));
        }
        phdrs.add(ph);
      }
    }

    private Struct phdrStruct(int index) throws IntakeException {
      return bin.struct(
          "program header " + index, ehdr.u64(32) + (long) index * PHDR_SIZE, PHDR_SIZE);
    }

    private List<Segment> segments() throws IntakeException {
      record Load(int phdrIndex, int loadIndex, ProgramHeader ph) {}
      List<Load> loads = new ArrayList<>();
      for (int i = 0; i < phdrs.size(); i++) {
        if (phdrs.get(i).type() == ProgramHeader.PT_LOAD) {
          loads.add(new Load(i, loads.size(), phdrs.get(i)));
        }
      }
      loads.sort(Comparator.comparing(l -> l.ph().vaddr(), Long::compareUnsigned));
      List<Segment> out = new ArrayList<>();
      for (int i = 0; i < loads.size(); i++) {
        Load l = loads.get(i);
        if (i > 0) {
          Load prev = loads.get(i - 1);
          long prevEnd = prev.ph().vaddr() + prev.ph().memSize();
          if (Long.compareUnsigned(l.ph().vaddr(), prevEnd) < 0) {
            throw phdrStruct(l.phdrIndex())
                .error(
                    "PT_LOAD at "
                        + hex(l.ph().vaddr())
                        + " overlaps program header "
                        + prev.phdrIndex()
                        + " ("
                        + hex(prev.ph().vaddr())
                        + "-"
                        + hex(prevEnd)
                        + ")");
          }
        }
        ProgramHeader ph = l.ph();
        out.add(
            new Segment(
                "load" + l.loadIndex(),
                ph.vaddr(),
                ph.memSize(),
                ph.offset(),
                bin.range(
                    phdrStruct(l.phdrIndex()), "p_offset+p_filesz", ph.offset(), ph.fileSize()),
                ph.permissions()));
      }
      return out;
    }

    private Optional<TlsTemplate> tls() {
      return phdrs.stream()
          .filter(p -> p.type() == ProgramHeader.PT_TLS)
          .findFirst()
          .map(p -> new TlsTemplate(p.vaddr(), p.fileSize(), p.memSize(), p.alignment()));
    }

    private Optional<PhdrTable> phdrTable() {
      if (phdrs.isEmpty()) {
        return Optional.empty();
      }
      long phoff = ehdr.u64(32);
      long tableSize = (long) phdrs.size() * PHDR_SIZE;
      Optional<Long> address =
          phdrs.stream()
              .filter(p -> p.type() == ProgramHeader.PT_PHDR)
              .map(ProgramHeader::vaddr)
              .findFirst()
              .or(
                  () ->
                      phdrs.stream()
                          .filter(
                              p ->
                                  p.type() == ProgramHeader.PT_LOAD
                                      && Long.compareUnsigned(phoff - p.offset(), p.fileSize()) < 0
                                      && Long.compareUnsigned(
                                              tableSize, p.fileSize() - (phoff - p.offset()))
                                          <= 0)
                          .map(p -> p.vaddr() + (phoff - p.offset()))
                          .findFirst());
      return address.map(a -> new PhdrTable(a, PHDR_SIZE, phdrs.size()));
    }

    // ---- notes

    private Optional<String> buildId() throws IntakeException {
      List<Note> notes = new ArrayList<>();
      boolean anyNoteSegment = false;
      for (int i = 0; i < phdrs.size(); i++) {
        ProgramHeader p = phdrs.get(i);
        if (p.type() == ProgramHeader.PT_NOTE) {
          anyNoteSegment = true;
          notes.addAll(
              notes(
                  "PT_NOTE program header " + i,
                  p.offset(),
                  p.fileSize(),
                  p.alignment() == 8 ? 8 : 4));
        }
      }
      if (!anyNoteSegment) {
        for (RawSection s : rawSections) {
          if (s.type == SHT_NOTE) {
            notes.addAll(notes(s.name, s.offset, s.size, s.entrySize == 8 ? 8 : 4));
          }
        }
      }
      return notes.stream()
          .filter(n -> n.type() == NT_GNU_BUILD_ID && n.name().equals("GNU"))
          .map(n -> HexFormat.of().formatHex(n.desc()))
          .findFirst();
    }

    private record Note(String name, long type, byte[] desc) {}

    private List<Note> notes(String where, long offset, long size, int align)
        throws IntakeException {
      List<Note> out = new ArrayList<>();
      long at = 0;
      while (at < size) {
        Struct n = bin.struct(where + " note", offset + at, 12);
        long nameSize = n.u32(0);
        long descSize = n.u32(4);
        long nameAt = at + 12;
        long descAt = nameAt + roundUp(nameSize, align);
        long next = descAt + roundUp(descSize, align);
        if (next > size) {
          throw n.error(
              "namesz "
                  + nameSize
                  + " and descsz "
                  + descSize
                  + " run past the note area "
                  + hex(size));
        }
        Struct body = bin.struct(where + " note", offset + at, next - at);
        String name = body.ascii(12, (int) nameSize);
        byte[] desc = body.bytes().asSlice(descAt - at, descSize).toArray(ValueLayout.JAVA_BYTE);
        out.add(new Note(name, n.u32(8), desc));
        at = next;
      }
      return out;
    }

    private static long roundUp(long value, int align) {
      return (value + align - 1) & -align;
    }
  }
}
