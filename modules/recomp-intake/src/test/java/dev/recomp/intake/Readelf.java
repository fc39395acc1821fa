package dev.recomp.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What binutils readelf ({@code -W -h -l -S -s -r -n}) says about a file, parsed from its text, and
 * the comparison of a {@link GuestImage} against it.
 */
record Readelf(
    String type,
    long entry,
    List<Phdr> phdrs,
    List<Shdr> sections,
    Map<String, List<Sym>> symbolTables,
    List<Rela> relocations,
    Optional<String> buildId) {

  record Phdr(String type, long offset, long vaddr, long fileSize, long memSize, String flags) {}

  record Shdr(String name, String type, long address, long offset, long size, String flags) {}

  record Sym(long value, long size, String type, String bind, boolean defined, String name) {}

  record Rela(long offset, String type, String symbol, long addend) {}

  private static final Pattern PHDR =
      Pattern.compile(
          "^\\s+(\\S+)\\s+0x(\\p{XDigit}+)\\s+0x(\\p{XDigit}+)\\s+0x\\p{XDigit}+\\s+0x(\\p{XDigit}+)"
              + "\\s+0x(\\p{XDigit}+)\\s+(.{3})\\s+(?:0x\\p{XDigit}+|\\d+)$");
  private static final Pattern SHDR =
      Pattern.compile(
          "^\\s+\\[\\s*(\\d+)]\\s+(\\S*)\\s+(\\S+)\\s+(\\p{XDigit}{16})\\s+(\\p{XDigit}+)\\s+"
              + "(\\p{XDigit}+)\\s+\\p{XDigit}+\\s+([A-Za-z]*)\\s+\\d+\\s+\\d+\\s+\\d+$");
  private static final Pattern SYMTAB =
      Pattern.compile("^Symbol table '(\\S+)' contains \\d+ entries:$");
  private static final Pattern SYM =
      Pattern.compile(
          "^\\s+\\d+: (\\p{XDigit}{16})\\s+(0x\\p{XDigit}+|\\d+) (<OS specific>: \\d+|\\S+)\\s+(\\S+)\\s+\\S+\\s+(\\S+) ?(.*)$");
  private static final Pattern RELA =
      Pattern.compile("^(\\p{XDigit}{16})\\s+\\p{XDigit}{16}\\s+(R_AARCH64_\\w+)\\s+(.*)$");
  private static final Pattern RELA_SYMBOL =
      Pattern.compile("^\\p{XDigit}+\\s+(\\S*) ([+-]) (\\p{XDigit}+)$");
  private static final Pattern BUILD_ID = Pattern.compile("Build ID: (\\p{XDigit}+)");

  static Readelf parse(String text) {
    String type = "";
    long entry = -1;
    List<Phdr> phdrs = new ArrayList<>();
    List<Shdr> sections = new ArrayList<>();
    Map<String, List<Sym>> symbolTables = new LinkedHashMap<>();
    List<Rela> relocations = new ArrayList<>();
    Optional<String> buildId = Optional.empty();
    List<Sym> currentTable = null;
    for (String line : text.lines().toList()) {
      Matcher m;
      if (line.startsWith("  Type:")) {
        type = line.substring(7).trim().split(" ")[0];
      } else if (line.startsWith("  Entry point address:")) {
        entry = Long.parseUnsignedLong(line.substring(line.indexOf("0x") + 2), 16);
      } else if ((m = SYMTAB.matcher(line)).matches()) {
        currentTable = new ArrayList<>();
        symbolTables.put(m.group(1), currentTable);
      } else if (currentTable != null && (m = SYM.matcher(line)).matches()) {
        String size = m.group(2);
        currentTable.add(
            new Sym(
                Long.parseUnsignedLong(m.group(1), 16),
                size.startsWith("0x")
                    ? Long.parseUnsignedLong(size.substring(2), 16)
                    : Long.parseLong(size),
                // Without the GNU OS/ABI mark, readelf prints STT_GNU_IFUNC (10) by number.
                m.group(3).equals("<OS specific>: 10") ? "IFUNC" : m.group(3),
                m.group(4),
                !m.group(5).equals("UND"),
                m.group(6)));
      } else if ((m = PHDR.matcher(line)).matches()) {
        phdrs.add(
            new Phdr(
                m.group(1),
                hex(m.group(2)),
                hex(m.group(3)),
                hex(m.group(4)),
                hex(m.group(5)),
                m.group(6)));
      } else if ((m = SHDR.matcher(line)).matches()) {
        sections.add(
            new Shdr(
                m.group(2),
                m.group(3),
                hex(m.group(4)),
                hex(m.group(5)),
                hex(m.group(6)),
                m.group(7)));
      } else if ((m = RELA.matcher(line)).matches()) {
        relocations.add(rela(m));
      } else if ((m = BUILD_ID.matcher(line)).find()) {
        buildId = Optional.of(m.group(1));
      }
    }
    return new Readelf(type, entry, phdrs, sections, symbolTables, relocations, buildId);
  }

  private static Rela rela(Matcher m) {
    String rest = m.group(3).trim();
    Matcher s = RELA_SYMBOL.matcher(rest);
    if (s.matches()) {
      long addend = hex(s.group(3));
      return new Rela(
          hex(m.group(1)), m.group(2), s.group(1), s.group(2).equals("-") ? -addend : addend);
    }
    return new Rela(hex(m.group(1)), m.group(2), "", rest.isEmpty() ? 0 : hex(rest));
  }

  private static long hex(String s) {
    return Long.parseUnsignedLong(s, 16);
  }

  private static final Map<Integer, String> PT_NAMES =
      Map.of(
          1,
          "LOAD",
          2,
          "DYNAMIC",
          3,
          "INTERP",
          4,
          "NOTE",
          6,
          "PHDR",
          7,
          "TLS",
          0x6474e550,
          "GNU_EH_FRAME",
          0x6474e551,
          "GNU_STACK",
          0x6474e552,
          "GNU_RELRO");

  /** Every difference between {@code image} and what readelf said; empty when they agree. */
  List<String> differences(GuestImage image) {
    List<String> diffs = new ArrayList<>();
    check(diffs, "type", type, image.type().name());
    check(diffs, "entry", entry, image.entry());
    check(diffs, "program header count", phdrs.size(), image.programHeaders().size());
    for (int i = 0; i < Math.min(phdrs.size(), image.programHeaders().size()); i++) {
      Phdr want = phdrs.get(i);
      ProgramHeader got = image.programHeaders().get(i);
      Permissions p = got.permissions();
      String flags = (p.read() ? "R" : " ") + (p.write() ? "W" : " ") + (p.execute() ? "E" : " ");
      check(
          diffs,
          "program header " + i,
          want,
          new Phdr(
              PT_NAMES.getOrDefault(got.type(), want.type()),
              got.offset(),
              got.vaddr(),
              got.fileSize(),
              got.memSize(),
              flags));
    }
    checkSegments(diffs, image);
    checkTls(diffs, image);
    List<Shdr> wantSections = sections.subList(Math.min(1, sections.size()), sections.size());
    check(diffs, "section count", wantSections.size(), image.sections().size());
    for (int i = 0; i < Math.min(wantSections.size(), image.sections().size()); i++) {
      Shdr want = wantSections.get(i);
      Section got = image.sections().get(i);
      String flags =
          (got.writable() ? "W" : "")
              + (got.allocated() ? "A" : "")
              + (got.executable() ? "X" : "");
      check(
          diffs,
          "section " + (i + 1),
          new Shdr(want.name(), "", want.address(), want.offset(), want.size(), wantFlags(want)),
          new Shdr(got.name(), "", got.address(), got.fileOffset(), got.size(), flags));
      long dataSize = want.type().equals("NOBITS") || want.type().equals("NULL") ? 0 : want.size();
      check(diffs, "section " + want.name() + " data size", dataSize, got.data().byteSize());
    }
    checkSymbols(diffs, image);
    checkRelocations(diffs, image);
    check(diffs, "build id", buildId, image.buildId());
    return diffs;
  }

  private static String wantFlags(Shdr s) {
    return (s.flags().contains("W") ? "W" : "")
        + (s.flags().contains("A") ? "A" : "")
        + (s.flags().contains("X") ? "X" : "");
  }

  private void checkSegments(List<String> diffs, GuestImage image) {
    List<Phdr> loads =
        phdrs.stream()
            .filter(p -> p.type().equals("LOAD"))
            .sorted((a, b) -> Long.compareUnsigned(a.vaddr(), b.vaddr()))
            .toList();
    check(diffs, "segment count", loads.size(), image.segments().size());
    for (int i = 0; i < Math.min(loads.size(), image.segments().size()); i++) {
      Phdr want = loads.get(i);
      Segment got = image.segments().get(i);
      check(
          diffs,
          "segment " + i,
          List.of(want.vaddr(), want.memSize(), want.fileSize(), want.offset()),
          List.of(got.address(), got.memSize(), got.fileSize(), got.fileOffset()));
    }
  }

  private void checkTls(List<String> diffs, GuestImage image) {
    Optional<Phdr> tls = phdrs.stream().filter(p -> p.type().equals("TLS")).findFirst();
    check(
        diffs,
        "TLS template",
        tls.map(p -> List.of(p.vaddr(), p.fileSize(), p.memSize())),
        image.tls().map(t -> List.of(t.address(), t.fileSize(), t.memSize())));
  }

  private void checkSymbols(List<String> diffs, GuestImage image) {
    List<Sym> want = new ArrayList<>();
    for (String table : List.of(".dynsym", ".symtab")) {
      List<Sym> syms = symbolTables.getOrDefault(table, List.of());
      want.addAll(syms.subList(Math.min(1, syms.size()), syms.size()));
    }
    List<Sym> got = new ArrayList<>();
    for (Symbol.Table table : List.of(Symbol.Table.DYNSYM, Symbol.Table.SYMTAB)) {
      for (Symbol s : image.symbols()) {
        if (s.table() == table) {
          got.add(
              new Sym(
                  s.address(),
                  s.size(),
                  readelfType(s.kind()),
                  readelfBind(s.binding()),
                  s.defined(),
                  s.name()));
        }
      }
    }
    check(diffs, "symbol count", want.size(), got.size());
    for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
      Sym w = want.get(i);
      Sym g = got.get(i);
      // readelf prints a section symbol's section name; the symbol's own name is empty.
      Sym comparable = w.type().equals("SECTION") ? withName(w, g.name()) : w;
      check(diffs, "symbol " + i, comparable, g);
    }
  }

  private static Sym withName(Sym s, String name) {
    return new Sym(s.value(), s.size(), s.type(), s.bind(), s.defined(), name);
  }

  private static String readelfType(Symbol.Kind kind) {
    return switch (kind) {
      case NOTYPE -> "NOTYPE";
      case OBJECT -> "OBJECT";
      case FUNCTION -> "FUNC";
      case SECTION -> "SECTION";
      case FILE -> "FILE";
      case TLS -> "TLS";
      case IFUNC -> "IFUNC";
      case OTHER -> "?";
    };
  }

  private static String readelfBind(Symbol.Binding binding) {
    return switch (binding) {
      case LOCAL -> "LOCAL";
      case GLOBAL -> "GLOBAL";
      case WEAK -> "WEAK";
      case OTHER -> "?";
    };
  }

  private void checkRelocations(List<String> diffs, GuestImage image) {
    check(diffs, "relocation count", relocations.size(), image.relocations().size());
    for (int i = 0; i < Math.min(relocations.size(), image.relocations().size()); i++) {
      Relocation r = image.relocations().get(i);
      check(
          diffs,
          "relocation " + i,
          relocations.get(i),
          new Rela(
              r.offset(), r.type().elfName(), r.symbol().map(Symbol::name).orElse(""), r.addend()));
    }
  }

  private static void check(List<String> diffs, String what, Object want, Object got) {
    if (!want.equals(got)) {
      diffs.add(what + ": readelf " + want + ", ours " + got);
    }
  }
}
