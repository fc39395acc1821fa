package dev.recomp.lift.analysis.internal;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Relocation;
import dev.recomp.intake.Section;
import dev.recomp.intake.Symbol;
import dev.recomp.isa.Insn;
import dev.recomp.lift.analysis.Block;
import dev.recomp.lift.analysis.BlockExit;
import dev.recomp.lift.analysis.Function;
import dev.recomp.lift.analysis.JumpTable;
import dev.recomp.lift.analysis.NameEntry;
import dev.recomp.lift.analysis.NameEvidence;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.StartEvidence;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.lift.analysis.UnresolvedTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whole-program discovery. Seeds function starts from every static source, explores each function,
 * adds the starts exploration reveals (BL targets, address constants), works out which functions
 * never return, and repeats until nothing changes. Every collection is sorted, so the result
 * depends only on the image and the config.
 */
public final class Discovery {
  /** Enough rounds for any real program; each round only adds starts or non-returning functions. */
  private static final int MAX_ROUNDS = 32;

  private final GuestImage image;
  private final TitleConfig config;
  private final Code code;
  private final List<String> notes = new ArrayList<>();
  private final NavigableMap<Long, EnumSet<StartEvidence>> starts = new TreeMap<>();
  private final Set<Long> ignored = new TreeSet<>();
  private final Map<Long, OptionalLong> stubs = new TreeMap<>();
  private final NavigableMap<Long, Long> sizedSymbols = new TreeMap<>();

  /** Addresses in code that any defined symbol names, whatever its type. */
  private final Set<Long> namedCode = new HashSet<>();

  private final Map<Long, JumpTable> configTables = new TreeMap<>();

  private Discovery(GuestImage image, TitleConfig config) {
    this.image = image;
    this.config = config;
    Map<Long, Integer> patches = new HashMap<>();
    config.patches().forEach(p -> patches.put(p.address(), p.word()));
    this.code = new Code(image, new ImageMemory(image, patches, relocatedWords(image)));
  }

  /** Analyzes {@code image} under {@code config}. */
  public static ProgramAnalysis analyze(GuestImage image, TitleConfig config) {
    return new Discovery(image, config).run();
  }

  private ProgramAnalysis run() {
    selectConfigFunctions();
    seed();
    Set<Long> noReturn = new TreeSet<>();
    Map<Long, FunctionExplorer.Explored> explored = new TreeMap<>();
    Set<Long> changed = new HashSet<>(starts.keySet());
    for (int round = 0; !changed.isEmpty(); round++) {
      if (round == MAX_ROUNDS) {
        notes.add("discovery stopped after " + MAX_ROUNDS + " rounds with starts still changing");
        break;
      }
      explore(explored, noReturn, changed);
      Set<Long> before = new HashSet<>(starts.keySet());
      addDiscoveredStarts(explored);
      Set<Long> nowNoReturn = noReturn(explored);
      changed = new HashSet<>(starts.keySet());
      changed.removeAll(before);
      for (long f : explored.keySet()) {
        if (noReturn.contains(f) != nowNoReturn.contains(f)) {
          changed.add(f);
        }
      }
      noReturn = nowNoReturn;
    }
    return result(explored, noReturn);
  }

  private static Map<Long, Long> relocatedWords(GuestImage image) {
    Map<Long, Long> words = new HashMap<>();
    for (Relocation r : image.relocations()) {
      switch (r.type()) {
        case RELATIVE, IRELATIVE -> words.put(r.offset(), r.addend());
        case ABS64, GLOB_DAT, JUMP_SLOT ->
            r.symbol()
                .filter(Symbol::defined)
                .ifPresent(s -> words.put(r.offset(), s.address() + r.addend()));
        default -> {}
      }
    }
    return words;
  }

  /** Resolves the config's stubs and ignored functions, by address or symbol name. */
  private void selectConfigFunctions() {
    Map<String, Long> byName = new TreeMap<>();
    for (Symbol s : image.symbols()) {
      if (isFunction(s)) {
        byName.putIfAbsent(s.name(), s.address());
      }
    }
    config.functions().forEach(f -> f.name().ifPresent(n -> byName.putIfAbsent(n, f.address())));
    for (TitleConfig.Selector selector : config.ignored()) {
      select(selector, byName).ifPresent(ignored::add);
    }
    for (TitleConfig.Stub stub : config.stubs()) {
      select(stub.function(), byName).ifPresent(a -> stubs.put(a, stub.returns()));
    }
    for (TitleConfig.SwitchTable table : config.switchTables()) {
      configTable(table).ifPresent(t -> configTables.put(t.branch(), t));
    }
  }

  private Optional<Long> select(TitleConfig.Selector selector, Map<String, Long> byName) {
    return switch (selector) {
      case TitleConfig.Selector.ByAddress(long address) -> Optional.of(address);
      case TitleConfig.Selector.ByName(String name) -> {
        Long address = byName.get(name);
        if (address == null) {
          notes.add("title config names function '" + name + "', which no symbol defines");
        }
        yield Optional.ofNullable(address);
      }
    };
  }

  private Optional<JumpTable> configTable(TitleConfig.SwitchTable table) {
    return switch (table) {
      case TitleConfig.SwitchTable.Listed(long branch, List<Long> targets) ->
          Optional.of(
              new JumpTable(
                  branch,
                  0,
                  targets.size(),
                  8,
                  false,
                  OptionalLong.empty(),
                  0,
                  List.copyOf(new TreeSet<>(targets)),
                  true));
      case TitleConfig.SwitchTable.Encoded e -> {
        Set<Long> targets = new TreeSet<>();
        for (int i = 0; i < e.entries(); i++) {
          long at = e.table() + (long) i * e.entrySize();
          OptionalLong raw = code.memory().read(at, e.entrySize());
          if (raw.isEmpty()) {
            notes.add(
                "title config switch table at 0x"
                    + Long.toHexString(e.table())
                    + ": entry "
                    + i
                    + " is unmapped");
            yield Optional.empty();
          }
          int bits = e.entrySize() * 8;
          long value = raw.getAsLong();
          if (e.signed() && bits < 64) {
            value = value << (64 - bits) >> (64 - bits);
          }
          targets.add(
              e.anchor().isPresent() ? e.anchor().getAsLong() + (value << e.shift()) : value);
        }
        yield Optional.of(
            new JumpTable(
                e.branch(),
                e.table(),
                e.entries(),
                e.entrySize(),
                e.signed(),
                e.anchor(),
                e.shift(),
                List.copyOf(targets),
                true));
      }
    };
  }

  private static boolean isFunction(Symbol s) {
    return s.defined() && (s.kind() == Symbol.Kind.FUNCTION || s.kind() == Symbol.Kind.IFUNC);
  }

  /** Function starts from every static source. */
  private void seed() {
    if (code.contains(image.entry())) {
      addStart(image.entry(), StartEvidence.ENTRY);
    } else {
      notes.add("entry point 0x" + Long.toHexString(image.entry()) + " is not in executable code");
    }
    for (Symbol s : image.symbols()) {
      if (s.defined() && code.contains(s.address())) {
        namedCode.add(s.address());
      }
      if (isFunction(s) && code.contains(s.address())) {
        addStart(
            s.address(),
            s.table() == Symbol.Table.SYMTAB ? StartEvidence.SYMBOL : StartEvidence.EXPORT);
        if (s.size() > 0) {
          sizedSymbols.merge(s.address(), s.address() + s.size(), Math::max);
        }
      }
    }
    ehFrame()
        .fdes()
        .forEach(
            f -> {
              if (code.contains(f.begin())) {
                addStart(f.begin(), StartEvidence.EH_FRAME);
              }
            });
    for (TitleConfig.FunctionHint f : config.functions()) {
      if (code.contains(f.address())) {
        addStart(f.address(), StartEvidence.CONFIG);
        f.size().ifPresent(size -> sizedSymbols.merge(f.address(), f.address() + size, Math::max));
      } else {
        notes.add(
            "title config function 0x"
                + Long.toHexString(f.address())
                + " is not in executable code");
      }
    }
    for (Relocation r : image.relocations()) {
      long value =
          switch (r.type()) {
            case RELATIVE, IRELATIVE -> r.addend();
            case ABS64 ->
                r.symbol().filter(Symbol::defined).map(s -> s.address() + r.addend()).orElse(-1L);
            default -> -1L;
          };
      if (code.contains(value) && !insideSizedSymbol(value)) {
        addStart(value, StartEvidence.RELOCATION);
      }
    }
    dataPointers().forEach(p -> addStart(p, StartEvidence.DATA_POINTER));
    stubs.keySet().forEach(a -> addStart(a, StartEvidence.CONFIG));
  }

  /**
   * Aligned words of the allocated, non-executable sections (segments, for images without a section
   * table) that hold the address of a decodable instruction outside any known function's interior:
   * function pointer tables, init/fini arrays, vtables.
   */
  private Set<Long> dataPointers() {
    Set<Long> found = new TreeSet<>();
    List<long[]> ranges = new ArrayList<>();
    List<Section> sections =
        image.sections().stream()
            .filter(s -> s.allocated() && !s.executable() && s.type() != Section.SHT_NOBITS)
            .toList();
    if (!sections.isEmpty()) {
      sections.forEach(s -> ranges.add(new long[] {s.address(), s.address() + s.size()}));
    } else {
      code.memory().segments().stream()
          .filter(s -> !s.permissions().execute())
          .forEach(s -> ranges.add(new long[] {s.address(), s.address() + s.fileSize()}));
    }
    for (long[] range : ranges) {
      for (long at = (range[0] + 7) & ~7L; at + 8 <= range[1]; at += 8) {
        OptionalLong value = code.memory().read(at, 8);
        if (value.isPresent()
            && code.contains(value.getAsLong())
            && !insideSizedSymbol(value.getAsLong())
            && code.at(value.getAsLong()).filter(i -> i instanceof Insn.Op).isPresent()) {
          found.add(value.getAsLong());
        }
      }
    }
    return found;
  }

  private EhFrame.Result ehFrame() {
    Optional<Section> section =
        image.section(".eh_frame").filter(s -> s.address() != 0 && s.size() > 0);
    EhFrame.Result result;
    if (section.isPresent()) {
      result =
          EhFrame.read(
              code.memory(),
              section.get().address(),
              section.get().address() + section.get().size());
    } else if (image.mod0().isPresent()
        && image.mod0().get().ehFrameHdrEnd() > image.mod0().get().ehFrameHdrStart()) {
      result =
          EhFrame.readViaHeader(
              code.memory(),
              image.mod0().get().ehFrameHdrStart(),
              image.mod0().get().ehFrameHdrEnd());
    } else {
      return new EhFrame.Result(List.of(), Optional.empty());
    }
    result.problem().ifPresent(notes::add);
    return result;
  }

  private boolean insideSizedSymbol(long address) {
    var floor = sizedSymbols.floorEntry(address);
    return floor != null && floor.getKey() < address && address < floor.getValue();
  }

  private boolean addStart(long address, StartEvidence evidence) {
    if (ignored.contains(address)) {
      return false;
    }
    EnumSet<StartEvidence> set =
        starts.computeIfAbsent(address, a -> EnumSet.noneOf(StartEvidence.class));
    boolean isNew = set.isEmpty();
    set.add(evidence);
    return isNew;
  }

  /**
   * (Re-)explores the functions whose exploration could differ now: new starts, and those that
   * looked at an address whose start or non-returning status {@code changed}.
   */
  private void explore(
      Map<Long, FunctionExplorer.Explored> explored, Set<Long> noReturn, Set<Long> changed) {
    NavigableSet<Long> startSet = new TreeSet<>(starts.keySet());
    for (long start : startSet) {
      FunctionExplorer.Explored previous = explored.get(start);
      if (previous != null && previous.consulted().stream().noneMatch(changed::contains)) {
        continue;
      }
      explored.put(
          start,
          stubs.containsKey(start)
              ? new FunctionExplorer.Explored(
                  start, List.of(), Set.of(), Set.of(), List.of(), List.of(), Set.of())
              : new FunctionExplorer(code, start, startSet, noReturn, configTables).explore());
    }
  }

  private void addDiscoveredStarts(Map<Long, FunctionExplorer.Explored> explored) {
    for (FunctionExplorer.Explored f : explored.values()) {
      for (long target : f.calls()) {
        addStart(target, StartEvidence.CALL);
      }
      for (long constant : f.addressConstants()) {
        // A symbol naming the constant's target outweighs an enclosing symbol's size: glibc's
        // _start is sized over __wrap_main, whose address it passes to __libc_start_main.
        if ((!insideSizedSymbol(constant) || namedCode.contains(constant))
            && code.at(constant).filter(i -> i instanceof Insn.Op).isPresent()) {
          addStart(constant, StartEvidence.ADDRESS_CONSTANT);
        }
      }
    }
  }

  /**
   * The functions no path of which returns: the complement of the least set R where a function is
   * in R if a reachable block returns, jumps somewhere unknown, or tail-calls a function in R;
   * blocks after a call to a function outside R are not reachable.
   */
  private Set<Long> noReturn(Map<Long, FunctionExplorer.Explored> explored) {
    Set<Long> returning = new HashSet<>(stubs.keySet());
    Map<Long, Set<Long>> dependents = new HashMap<>();
    for (FunctionExplorer.Explored f : explored.values()) {
      for (Block b : f.blocks()) {
        b.calls().forEach(c -> dependents.computeIfAbsent(c, k -> new TreeSet<>()).add(f.start()));
        b.tailCall()
            .ifPresent(t -> dependents.computeIfAbsent(t, k -> new TreeSet<>()).add(f.start()));
      }
    }
    TreeSet<Long> work = new TreeSet<>(explored.keySet());
    while (!work.isEmpty()) {
      FunctionExplorer.Explored f = explored.get(work.pollFirst());
      if (!returning.contains(f.start()) && returns(f, returning, explored.keySet())) {
        returning.add(f.start());
        work.addAll(dependents.getOrDefault(f.start(), Set.of()));
      }
    }
    Set<Long> result = new TreeSet<>(explored.keySet());
    result.removeAll(returning);
    return result;
  }

  private static boolean returns(
      FunctionExplorer.Explored f, Set<Long> returning, Set<Long> known) {
    Map<Long, Block> byStart = new HashMap<>();
    f.blocks().forEach(b -> byStart.put(b.start(), b));
    TreeSet<Long> work = new TreeSet<>(List.of(f.start()));
    Set<Long> seen = new HashSet<>();
    while (!work.isEmpty()) {
      Block b = byStart.get(work.pollFirst());
      if (b == null || !seen.add(b.start())) {
        continue;
      }
      if (b.calls().stream().anyMatch(c -> known.contains(c) && !returning.contains(c))) {
        continue;
      }
      boolean tailReturns =
          b.tailCall().isPresent()
              && (!known.contains(b.tailCall().getAsLong())
                  || returning.contains(b.tailCall().getAsLong()));
      if (b.exit() == BlockExit.RETURN || b.exit() == BlockExit.INDIRECT || tailReturns) {
        return true;
      }
      work.addAll(b.successors());
    }
    return false;
  }

  private ProgramAnalysis result(
      Map<Long, FunctionExplorer.Explored> explored, Set<Long> noReturn) {
    Map<Long, NameEntry> names = names(explored.keySet());
    List<Function> functions = new ArrayList<>();
    Map<Long, JumpTable> tables = new TreeMap<>();
    Map<String, UnresolvedTarget> unresolved = new TreeMap<>();
    for (FunctionExplorer.Explored f : explored.values()) {
      long end = f.blocks().stream().mapToLong(Block::end).max().orElse(f.start());
      functions.add(
          new Function(
              f.start(),
              end,
              names.get(f.start()).name(),
              List.copyOf(starts.get(f.start())),
              f.blocks().stream().sorted(Comparator.comparingLong(Block::start)).toList(),
              !noReturn.contains(f.start()),
              stubs.containsKey(f.start()) ? Optional.of(stubs.get(f.start())) : Optional.empty()));
      f.jumpTables().forEach(t -> tables.putIfAbsent(t.branch(), t));
      for (UnresolvedTarget u : f.unresolved()) {
        unresolved.putIfAbsent(String.format("%016x %s", u.pc(), u.kind()), u);
      }
    }
    return new ProgramAnalysis(
        image.sha256(),
        config.hash(),
        image.entry(),
        code.ranges().entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum(),
        functions,
        List.copyOf(names.values()),
        List.copyOf(tables.values()),
        List.copyOf(unresolved.values()),
        notes);
  }

  /** Names: config renames, then config names, then symbols, then {@code sub_<hex>}. */
  private Map<Long, NameEntry> names(Set<Long> functionStarts) {
    Map<Long, List<Symbol>> symbols = new HashMap<>();
    for (Symbol s : image.symbols()) {
      if (isFunction(s) && !s.name().isEmpty() && functionStarts.contains(s.address())) {
        symbols.computeIfAbsent(s.address(), a -> new ArrayList<>()).add(s);
      }
    }
    Map<Long, String> configNames = new HashMap<>();
    config.functions().forEach(f -> f.name().ifPresent(n -> configNames.put(f.address(), n)));
    Map<String, Long> byName = new HashMap<>();
    symbols.values().forEach(list -> list.forEach(s -> byName.putIfAbsent(s.name(), s.address())));
    configNames.forEach((a, n) -> byName.putIfAbsent(n, a));
    for (TitleConfig.Rename rename : config.renames()) {
      select(rename.function(), byName).ifPresent(a -> configNames.put(a, rename.to()));
    }
    Map<Long, NameEntry> names = new TreeMap<>();
    for (long start : functionStarts) {
      List<Symbol> here = symbols.getOrDefault(start, List.of());
      List<Symbol> ranked = here.stream().sorted(NAME_RANK).toList();
      TreeSet<String> all = new TreeSet<>();
      ranked.forEach(s -> all.add(s.name()));
      String name;
      NameEvidence evidence;
      if (configNames.containsKey(start)) {
        name = configNames.get(start);
        evidence = NameEvidence.CONFIG;
      } else if (!ranked.isEmpty()) {
        name = ranked.getFirst().name();
        evidence =
            ranked.getFirst().table() == Symbol.Table.SYMTAB
                ? NameEvidence.SYMBOL
                : NameEvidence.EXPORT;
      } else {
        name = "sub_" + Long.toHexString(start);
        evidence = NameEvidence.HEURISTIC;
      }
      all.remove(name);
      names.put(start, new NameEntry(start, name, evidence, List.copyOf(all)));
    }
    return names;
  }

  /**
   * Which of several symbols at one address names the function: static table first, then global
   * over weak over local, then fewer leading underscores, then the shorter, then alphabetical.
   */
  private static final Comparator<Symbol> NAME_RANK =
      Comparator.<Symbol>comparingInt(s -> s.table() == Symbol.Table.SYMTAB ? 0 : 1)
          .thenComparingInt(
              s ->
                  switch (s.binding()) {
                    case GLOBAL -> 0;
                    case WEAK -> 1;
                    case LOCAL -> 2;
                    case OTHER -> 3;
                  })
          .thenComparingInt(s -> leadingUnderscores(s.name()))
          .thenComparingInt(s -> s.name().length())
          .thenComparing(Symbol::name);

  private static int leadingUnderscores(String name) {
    int n = 0;
    while (n < name.length() && name.charAt(n) == '_') {
      n++;
    }
    return n;
  }
}
