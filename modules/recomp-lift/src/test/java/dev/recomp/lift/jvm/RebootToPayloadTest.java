package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.Segment;
import dev.recomp.isa.Decoder;
import dev.recomp.lift.Block;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.HorizonConfig;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.HorizonProcess;
import dev.recomp.runtime.Termination;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RebootToPayloadTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));
  private static final Path NRO =
      Path.of(System.getProperty("recomp.corpus", ROOT.resolve("../shared/corpus").toString()))
          .resolve("reboot_to_payload.nro");

  @Test
  void explore() throws Exception {
    GuestImage image = Images.read(NRO);
    Segment text = image.segments().getFirst();
    Decoder d = Decoder.standard();
    long words = text.fileSize() / 4;
    long allocated = 0;
    for (long i = 0; i < words; i++) {
      int w =
          text.data().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4 * i);
      if (d.encodingOf(w) != null) allocated++;
    }
    ProgramAnalysis analysis = Analysis.analyze(image, TitleConfig.empty());
    System.out.printf(
        "text words %d allocated %d; functions %d covered %d of %d code bytes; unresolved %d%n",
        words,
        allocated,
        analysis.functions().size(),
        analysis.coveredBytes(),
        analysis.codeBytes(),
        analysis.unresolved().size());
    List<GuestFunction> functions = ProgramCompiler.functions(image, analysis);
    Map<String, Integer> traps = new TreeMap<>();
    for (GuestFunction f : functions)
      for (Block b : f.blocks())
        if (b.terminator() instanceof Terminator.Trap t
            && (t.kind() == Terminator.TrapKind.UNIMPLEMENTED
                || t.kind() == Terminator.TrapKind.UNDEFINED)) {
          var e = d.encodingOf(t.word());
          traps.merge(t.kind() + " " + (e == null ? "?" : e.name()), 1, Integer::sum);
        }
    System.out.println("traps " + traps);
    var classes = JvmBackend.compile(functions);
    ByteArrayOutputStream debug = new ByteArrayOutputStream();
    HorizonConfig config =
        HorizonConfig.builder()
            .debugOutput(debug)
            .diagnostics(System.out)
            .traceSvcs(true)
            .stopAtUnimplementedService(true)
            .recordBlocks(true)
            .argv("sdmc:/switch/reboot_to_payload.nro")
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
      System.out.println(
          end.message()
              + " insns "
              + process.instructionsExecuted()
              + " blocks "
              + process.executedBlocks().size()
              + " fallbacks "
              + fallback.blocks());
      System.out.println(process.trace().syscallCounts());
      process.trace().syscalls().forEach(System.out::println);
      process.ipcTrace().forEach(System.out::println);
      System.out.println("debug: " + debug.toString(StandardCharsets.UTF_8));
    }
  }
}
