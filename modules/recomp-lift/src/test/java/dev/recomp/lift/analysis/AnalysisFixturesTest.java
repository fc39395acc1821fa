package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Section;
import dev.recomp.intake.Symbol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnalysisFixturesTest {
  static List<String> binaries() throws Exception {
    return Fixtures.binaries();
  }

  /** Every FUNC symbol with a size, in an executable section, is found as a function start. */
  @ParameterizedTest
  @MethodSource("binaries")
  void findsEverySizedFunctionSymbol(String binary) throws Exception {
    GuestImage image = Fixtures.image(binary);
    ProgramAnalysis analysis = Fixtures.analysis(binary);
    Set<Long> starts = new HashSet<>();
    analysis.functions().forEach(f -> starts.add(f.start()));
    List<String> missing = new ArrayList<>();
    for (Symbol s : image.symbols()) {
      if (s.kind() == Symbol.Kind.FUNCTION
          && s.size() > 0
          && inExecutableSection(image, s.address())
          && !starts.contains(s.address())) {
        missing.add(s.name() + "@0x" + Long.toHexString(s.address()));
      }
    }
    assertEquals(List.of(), missing);
  }

  private static boolean inExecutableSection(GuestImage image, long address) {
    return image.sections().stream()
        .anyMatch(
            (Section s) ->
                s.executable() && address >= s.address() && address < s.address() + s.size());
  }

  /** Blocks are split at every branch target: successors are block starts of the same function. */
  @ParameterizedTest
  @MethodSource("binaries")
  void blocksAreWellFormed(String binary) {
    for (Function f : Fixtures.analysis(binary).functions()) {
      Set<Long> starts = new HashSet<>();
      long previousEnd = Long.MIN_VALUE;
      for (Block b : f.blocks()) {
        assertTrue(b.end() > b.start(), f.name() + ": empty block");
        assertTrue(
            b.start() >= previousEnd,
            f.name() + ": overlapping blocks at 0x" + Long.toHexString(b.start()));
        previousEnd = b.end();
        starts.add(b.start());
      }
      for (Block b : f.blocks()) {
        for (long s : b.successors()) {
          assertTrue(
              starts.contains(s),
              f.name()
                  + ": successor 0x"
                  + Long.toHexString(s)
                  + " of 0x"
                  + Long.toHexString(b.start())
                  + " is no block start");
        }
      }
      if (!f.blocks().isEmpty()) {
        assertTrue(starts.contains(f.start()), f.name() + ": no block at the start");
      }
    }
  }

  /** Every target an indirect jump took under qemu is among the targets of the recovered table. */
  @Test
  void recoveredTablesContainEveryTracedTarget() throws Exception {
    int checked = 0;
    for (var run : Fixtures.runs().entrySet()) {
      Map<Long, JumpTable> tables = new HashMap<>();
      Fixtures.analysis(run.getValue()).jumpTables().forEach(t -> tables.put(t.branch(), t));
      for (long[] edge : Fixtures.pairs(run.getKey() + ".br.tsv")) {
        JumpTable table = tables.get(edge[0]);
        if (table != null) {
          assertTrue(
              table.targets().contains(edge[1]),
              run.getKey()
                  + ": br 0x"
                  + Long.toHexString(edge[0])
                  + " went to 0x"
                  + Long.toHexString(edge[1]));
          checked++;
        }
      }
    }
    assertTrue(checked > 20, "only " + checked + " traced switch edges checked");
  }

  /** classify()'s switch, inlined into main by clang -O2: its ten targets, exactly. */
  @Test
  void recoversTheClassifySwitch() throws Exception {
    Set<Long> traced = new TreeSet<>();
    long branch = -1;
    long mainStart =
        Fixtures.image("compute-clang-O2").symbols().stream()
            .filter(s -> s.name().equals("main"))
            .findFirst()
            .orElseThrow()
            .address();
    Function main =
        Fixtures.analysis("compute-clang-O2").functions().stream()
            .filter(f -> f.start() == mainStart)
            .findFirst()
            .orElseThrow();
    for (long[] edge : Fixtures.pairs("compute-clang-O2.br.tsv")) {
      if (edge[0] >= main.start() && edge[0] < main.end()) {
        branch = edge[0];
        traced.add(edge[1]);
      }
    }
    assertEquals(10, traced.size(), "the golden traces all ten cases");
    long br = branch;
    JumpTable table =
        Fixtures.analysis("compute-clang-O2").jumpTables().stream()
            .filter(t -> t.branch() == br)
            .findFirst()
            .orElseThrow();
    assertEquals(List.copyOf(traced), table.targets());
    assertEquals(10, table.entries());
    Block dispatch =
        main.blocks().stream().filter(b -> b.end() == br + 4).findFirst().orElseThrow();
    assertEquals(BlockExit.SWITCH, dispatch.exit());
    Set<Long> blockStarts = new HashSet<>();
    main.blocks().forEach(b -> blockStarts.add(b.start()));
    assertTrue(blockStarts.containsAll(traced), "every case starts a block");
  }

  @Test
  void namesComeFromSymbolsAndTheEntryIsFound() {
    ProgramAnalysis analysis = Fixtures.analysis("hello-musl-O2");
    NameEntry main =
        analysis.names().stream().filter(n -> n.name().equals("main")).findFirst().orElseThrow();
    assertEquals(NameEvidence.SYMBOL, main.evidence());
    Function entry =
        analysis.functions().stream()
            .filter(f -> f.start() == analysis.entry())
            .findFirst()
            .orElseThrow();
    assertTrue(entry.evidence().contains(StartEvidence.ENTRY));
  }

  @Test
  void exitNeverReturns() {
    ProgramAnalysis analysis = Fixtures.analysis("hello-musl-O2");
    Map<String, Function> byName = new HashMap<>();
    analysis.functions().forEach(f -> byName.put(f.name(), f));
    assertFalse(byName.get("_Exit").returns());
    assertFalse(byName.get("exit").returns());
    assertTrue(byName.get("main").returns());
  }

  @Test
  void outputsMatchTheirSchemasAndAreByteIdenticalAcrossRuns(@TempDir Path dir) throws Exception {
    ProgramAnalysis first =
        Analysis.analyze(Fixtures.image("compute-glibc-O2"), TitleConfig.empty());
    ProgramAnalysis second =
        Analysis.analyze(Fixtures.image("compute-glibc-O2"), TitleConfig.empty());
    AnalysisWriter.write(first, dir.resolve("a"));
    AnalysisWriter.write(second, dir.resolve("b"));
    for (String file :
        List.of(AnalysisWriter.FUNCTIONS, AnalysisWriter.NAME_MAP, AnalysisWriter.UNRESOLVED)) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("a").resolve(file)),
          Files.readAllBytes(dir.resolve("b").resolve(file)),
          file);
    }
    var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    Path schemas = Fixtures.root().resolve("schemas");
    for (String[] pair :
        List.of(
            new String[] {"functions.schema.json", AnalysisWriter.FUNCTIONS},
            new String[] {"name-map.schema.json", AnalysisWriter.NAME_MAP},
            new String[] {"functions.schema.json", "../schemas/examples/functions.json"},
            new String[] {"name-map.schema.json", "../schemas/examples/name-map.json"})) {
      var schema = factory.getSchema(Files.newInputStream(schemas.resolve(pair[0])));
      Path doc =
          pair[1].startsWith("..")
              ? Fixtures.root().resolve(pair[1].substring(3))
              : dir.resolve("a").resolve(pair[1]);
      assertEquals(Set.of(), schema.validate(mapper.readTree(doc.toFile())), doc.toString());
    }
  }

  @Test
  void exampleTitleConfigLoads() throws Exception {
    TitleConfig config =
        TitleConfig.load(Fixtures.root().resolve("schemas/examples/title-config.toml"));
    assertEquals(1, config.switchTables().size());
  }
}
