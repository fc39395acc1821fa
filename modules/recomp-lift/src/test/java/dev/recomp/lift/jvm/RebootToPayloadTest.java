package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.isa.Decoder;
import dev.recomp.isa.Encoding;
import dev.recomp.lift.Block;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.Function;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.HorizonConfig;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.HorizonProcess;
import dev.recomp.runtime.IpcRecord;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real libnx homebrew {@code reboot_to_payload.nro} (read from ../shared/corpus next to the
 * repository, or the directory in -Drecomp.corpus; never part of the repository): intake, analysis,
 * lifting and compiling are complete and deterministic, and running it recompiled under the Horizon
 * personality boots until it asks sm for the first service the runtime does not implement.
 * docs/horizon.md records the numbers this test prints.
 */
class RebootToPayloadTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));
  private static final Path CORPUS =
      Path.of(System.getProperty("recomp.corpus", ROOT.resolve("../shared/corpus").toString()));
  private static final Path NRO = CORPUS.resolve("reboot_to_payload.nro");
  private static final String SHA256 =
      "803c441a7a1256e0bce33fc3a0d4013e82da079fa2fe6d228b1432c7802aac22";

  private static GuestImage image() throws Exception {
    assertTrue(
        Files.isRegularFile(NRO),
        NRO
            + " is missing: put the corpus (reboot_to_payload.nro, sha256 "
            + SHA256
            + ") in ../shared/corpus next to the repository, or pass -Drecomp.corpus=DIR");
    GuestImage image = Images.read(NRO);
    assertEquals(SHA256, image.sha256(), "not the corpus file");
    return image;
  }

  /** The title config with the switch tables analysis cannot recover on its own. */
  private static TitleConfig title() throws Exception {
    return TitleConfig.load(ROOT.resolve("fixtures/horizon/titles/reboot_to_payload.toml"));
  }

  @Test
  void liftsCompletelyAndDeterministically() throws Exception {
    GuestImage image = image();
    Decoder decoder = Decoder.standard();
    ProgramAnalysis analysis = Analysis.analyze(image, title());
    Set<Long> starts =
        analysis.functions().stream().map(Function::start).collect(Collectors.toSet());
    long instructions = 0;
    for (Function f : analysis.functions()) {
      for (var b : f.blocks()) {
        for (long pc = b.start(); pc < b.end(); pc += 4) {
          int word = word(image, pc);
          Encoding e = decoder.encodingOf(word);
          assertNotNull(e, String.format("word %08x at 0x%x in a block does not decode", word, pc));
          instructions++;
          // Every direct call lands on a discovered function.
          if ((word & 0xfc00_0000) == 0x9400_0000) {
            long target = pc + ((long) (word << 6) >> 4);
            assertTrue(starts.contains(target), String.format("BL at 0x%x to 0x%x", pc, target));
          }
        }
      }
    }
    assertEquals(List.of(), uncoveredCode(image, analysis), "code words outside every block");
    List<GuestFunction> functions = ProgramCompiler.functions(image, analysis);
    byte[] unsupported = unsupported(image, functions, decoder);
    assertArrayEquals(
        unsupported,
        unsupported(
            image, ProgramCompiler.functions(image, Analysis.analyze(image, title())), decoder),
        "unsupported listing differs between two runs");
    List<JvmBackend.GeneratedClass> first = JvmBackend.compile(functions);
    List<JvmBackend.GeneratedClass> second =
        JvmBackend.compile(ProgramCompiler.functions(image, Analysis.analyze(image, title())));
    assertEquals(first.size(), second.size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).name(), second.get(i).name());
      assertArrayEquals(first.get(i).bytes(), second.get(i).bytes(), first.get(i).name());
    }
    Path out = ROOT.resolve("modules/recomp-lift/target/reboot_to_payload");
    Files.createDirectories(out);
    Files.write(out.resolve("unsupported.json"), unsupported);
    System.out.printf(
        "reboot_to_payload: %d functions (%d without the title config), %d instructions in %d of"
            + " %d code bytes, %d jump tables, %d unresolved, %d classes; unsupported listing in %s%n",
        analysis.functions().size(),
        Analysis.analyze(image, TitleConfig.empty()).functions().size(),
        instructions,
        analysis.coveredBytes(),
        analysis.codeBytes(),
        analysis.jumpTables().size(),
        analysis.unresolved().size(),
        first.size(),
        out.resolve("unsupported.json"));
  }

  @Test
  void bootsRecompiledUntilTheFirstUnimplementedService() throws Exception {
    GuestImage image = image();
    ProgramAnalysis analysis = Analysis.analyze(image, title());
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(ProgramCompiler.functions(image, analysis));
    ByteArrayOutputStream debug = new ByteArrayOutputStream();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    HorizonConfig config =
        HorizonConfig.builder()
            .debugOutput(debug)
            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
            .argv("sdmc:/switch/reboot_to_payload.nro")
            .stopAtUnimplementedService(true)
            .recordBlocks(true)
            .build();
    try (HorizonProcess process = HorizonLoader.load(image, config, NRO.toString())) {
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      InterpreterFallback fallback =
          new InterpreterFallback(ProgramCompiler.runtimeLifter(process.memory()));
      Termination end =
          process.run(
              cpu ->
                  new GuestContext(cpu, process.memory(), process, loader.dispatchTable(), fallback)
                      .runFrom(cpu.pc));
      long bias = ProgramCompiler.bias(image);
      long functionsRun =
          analysis.functions().stream()
              .filter(f -> process.executedBlocks().contains(f.start() + bias))
              .count();
      System.out.printf(
          "reboot_to_payload boot: %s; %d instructions, %d distinct functions, %d blocks;"
              + " SVCs %s; IPC %s%n",
          end.message(),
          process.instructionsExecuted(),
          functionsRun,
          process.executedBlocks().size(),
          process.trace().syscallCounts(),
          process.ipcTrace());
      assertEquals(Termination.Kind.UNKNOWN_SYSCALL, end.kind(), end.message());
      assertTrue(end.message().contains("\"apm\""), end.message());
      assertEquals(0, fallback.blocks(), "interpreter fallbacks");
      assertEquals(
          List.of(
              "sm: 5/3 -> 0x0",
              "sm: 4/1 -> 0x415",
              "sm: 4/0 -> 0x0",
              "sm: 4/1 -> 0x0",
              "set:sys 5/3 -> 0x0",
              "set:sys 4/3 -> 0x0",
              "set:sys 2/-1 -> 0x0"),
          process.ipcTrace().stream().map(RebootToPayloadTest::describe).toList(),
          "libnx's start: sm handshake (QueryPointerBufferSize, GetService before registering,"
              + " RegisterClient), then set:sys GetFirmwareVersion and close");
      assertTrue(functionsRun > 0 && process.instructionsExecuted() > 0);
    }
  }

  /**
   * Text words outside every discovered block that are not accounted for: the start and NRO headers
   * (0-0x80), MOD0 and the module object after it, zero or NOP padding, and the word after a call
   * to a function analysis found never returns.
   */
  private static List<String> uncoveredCode(GuestImage image, ProgramAnalysis analysis) {
    TreeMap<Long, Long> blocks = new TreeMap<>();
    analysis
        .functions()
        .forEach(f -> f.blocks().forEach(b -> blocks.merge(b.start(), b.end(), Math::max)));
    Set<Long> noReturn =
        analysis.functions().stream()
            .filter(f -> !f.returns())
            .map(Function::start)
            .collect(Collectors.toSet());
    long mod0 = image.mod0().orElseThrow().headerOffset();
    long textEnd = image.segments().getFirst().fileSize();
    List<String> unexplained = new java.util.ArrayList<>();
    for (long pc = 0; pc < textEnd; pc += 4) {
      var block = blocks.floorEntry(pc);
      if (block != null && pc < block.getValue()) {
        continue;
      }
      int word = word(image, pc);
      int previous = pc >= 4 ? word(image, pc - 4) : 0;
      boolean afterNoReturn =
          (previous & 0xfc00_0000) == 0x9400_0000
              && noReturn.contains(pc - 4 + ((long) (previous << 6) >> 4));
      boolean header = pc < 0x80 || (pc >= mod0 && pc < mod0 + 0x28);
      if (!header && word != 0 && word != NOP && !afterNoReturn) {
        unexplained.add(String.format("0x%x: %08x", pc, word));
      }
    }
    return unexplained;
  }

  private static final int NOP = 0xd503201f;

  private static String describe(IpcRecord r) {
    return r.service()
        + " "
        + r.type()
        + "/"
        + r.command()
        + " -> 0x"
        + Integer.toHexString(r.result());
  }

  /**
   * The unimplemented and undefined encodings in lifted code, as the lift stage's unsupported.json
   * lists them: one entry per trap address (word, encoding, kind, function), sorted, and counts per
   * encoding. Deterministic JSON.
   */
  private static byte[] unsupported(
      GuestImage image, List<GuestFunction> functions, Decoder decoder) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    ObjectNode root = mapper.createObjectNode();
    root.put("image_sha256", image.sha256());
    ArrayNode list = root.putArray("unsupported");
    Map<String, Long> counts = new TreeMap<>();
    // A block shared by several functions is lifted once per function; list each trap once, under
    // the lowest function holding it.
    TreeMap<Long, ObjectNode> byPc = new TreeMap<>();
    for (GuestFunction f : functions) {
      for (Block b : f.blocks()) {
        if (b.terminator() instanceof Terminator.Trap t
            && (t.kind() == Terminator.TrapKind.UNIMPLEMENTED
                || t.kind() == Terminator.TrapKind.UNDEFINED)
            && !byPc.containsKey(t.pc())) {
          Encoding e = decoder.encodingOf(t.word());
          String name = e == null ? "(unallocated)" : e.name();
          ObjectNode n = mapper.createObjectNode();
          n.put("pc", "0x" + Long.toHexString(t.pc()));
          n.put("word", String.format("%08x", t.word()));
          n.put("encoding", name);
          n.put("kind", t.kind().name());
          n.put("function", "0x" + Long.toHexString(f.entry()));
          byPc.put(t.pc(), n);
          counts.merge(name, 1L, Long::sum);
        }
      }
    }
    byPc.values().forEach(list::add);
    ObjectNode c = root.putObject("counts");
    counts.forEach(c::put);
    return mapper.writeValueAsBytes(root);
  }

  private static int word(GuestImage image, long address) {
    var s = image.segmentAt(address).orElseThrow();
    return s.data()
        .get(
            java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                java.nio.ByteOrder.LITTLE_ENDIAN),
            address - s.address());
  }
}
