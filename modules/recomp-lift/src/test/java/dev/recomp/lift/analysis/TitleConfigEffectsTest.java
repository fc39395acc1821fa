package dev.recomp.lift.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each table of the title config changes the analysis the way docs/analysis.md says. */
class TitleConfigEffectsTest {
  @TempDir Path dir;

  private static Map<String, dev.recomp.lift.analysis.Function> byName(ProgramAnalysis a) {
    return a.functions().stream()
        .collect(
            Collectors.toMap(
                dev.recomp.lift.analysis.Function::name, Function.identity(), (x, y) -> x));
  }

  @Test
  void functionsRenamesIgnoredStubsAndPatches() throws Exception {
    ProgramAnalysis plain = Fixtures.analysis("hello-musl-O2");
    var functions = byName(plain);
    var main = functions.get("main");
    long inner = main.blocks().size() > 1 ? main.blocks().get(1).start() : main.start() + 4;
    long write = functions.get("__stdio_write").start();
    String toml =
        String.format(
            """
            [[functions]]
            address = 0x%x
            name = "main_tail"

            [[renames]]
            name = "main"
            to = "hello_main"

            [[ignored]]
            address = 0x%x

            [[stubs]]
            name = "puts"
            returns = 0

            [[patches]]
            address = 0x%x
            word = 0xd65f03c0
            """,
            inner, write, main.start());
    Path file = dir.resolve("title.toml");
    Files.writeString(file, toml);
    ProgramAnalysis configured =
        Analysis.analyze(Fixtures.image("hello-musl-O2"), TitleConfig.load(file));
    var after = byName(configured);

    assertTrue(after.get("main_tail").evidence().contains(StartEvidence.CONFIG));
    assertEquals(inner, after.get("main_tail").start());
    var renamed =
        configured.names().stream()
            .filter(n -> n.address() == main.start())
            .findFirst()
            .orElseThrow();
    assertEquals("hello_main", renamed.name());
    assertEquals(NameEvidence.CONFIG, renamed.evidence());
    assertFalse(configured.functions().stream().anyMatch(f -> f.start() == write), "ignored");
    assertEquals(Optional.of(OptionalLong.of(0)), after.get("puts").stub());
    assertEquals(List.of(), after.get("puts").blocks());
    Block first = after.get("hello_main").blocks().getFirst();
    assertEquals(
        new Block(
            main.start(),
            main.start() + 4,
            BlockExit.RETURN,
            List.of(),
            List.of(),
            OptionalLong.empty()),
        first);
    assertFalse(plain.configHash().equals(configured.configHash()));
  }

  @Test
  void listedSwitchTableOverridesRecovery() throws Exception {
    JumpTable recovered = Fixtures.analysis("compute-clang-O2").jumpTables().getFirst();
    long only = recovered.targets().getFirst();
    Path file = dir.resolve("title.toml");
    Files.writeString(
        file,
        String.format(
            "[[switch_tables]]\nbranch = 0x%x\ntargets = [0x%x]\n", recovered.branch(), only));
    ProgramAnalysis configured =
        Analysis.analyze(Fixtures.image("compute-clang-O2"), TitleConfig.load(file));
    JumpTable table =
        configured.jumpTables().stream()
            .filter(t -> t.branch() == recovered.branch())
            .findFirst()
            .orElseThrow();
    assertTrue(table.fromConfig());
    assertEquals(List.of(only), table.targets());
  }
}
