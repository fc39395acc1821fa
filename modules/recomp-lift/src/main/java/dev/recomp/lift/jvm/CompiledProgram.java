package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.lift.Block;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestEngine;
import dev.recomp.runtime.GuestProcess;
import dev.recomp.runtime.LoadException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * A program compiled to JVM classes and loaded, as the runtime's {@link GuestEngine}: every guest
 * thread (the main one, a forked child resuming after its clone, a pthread, a signal handler) runs
 * in its own {@link GuestContext} over the shared dispatch table, and execve of another AArch64
 * image compiles it once per content (the compiled programs of one run are cached by their image
 * file's SHA-256, which intake computed already).
 */
public final class CompiledProgram implements GuestEngine {
  /** Turns an image into generated classes; the default analyzes, lifts and compiles in memory. */
  @FunctionalInterface
  public interface Compiler {
    List<JvmBackend.GeneratedClass> compile(GuestImage image) throws LoadException;
  }

  private final DispatchTable table;

  /**
   * Blocks the fallback lifted from the image's own executable segments, shared by every thread and
   * process running this program (a forked child resumes in code its parent's fallback may have
   * lifted already). Code elsewhere (generated at run time) is lifted per thread.
   */
  private final Map<Long, Block> imageBlocks = new ConcurrentHashMap<>();

  private final long[] imageCode;
  private final Compiler compiler;
  private final Map<String, CompiledProgram> programs;
  private final LongAdder interpretedBlocks;
  private final LongAdder interpretedInstructions;

  private CompiledProgram(
      GuestImage image,
      DispatchTable table,
      Compiler compiler,
      Map<String, CompiledProgram> programs,
      LongAdder blocks,
      LongAdder instructions) {
    this.table = table;
    this.compiler = compiler;
    this.programs = programs;
    this.interpretedBlocks = blocks;
    this.interpretedInstructions = instructions;
    long bias = ProgramCompiler.bias(image);
    this.imageCode =
        image.segments().stream()
            .filter(seg -> seg.permissions().execute() && !seg.permissions().write())
            .flatMapToLong(
                seg -> java.util.stream.LongStream.of(seg.address() + bias, seg.end() + bias))
            .toArray();
  }

  private boolean inImageCode(long pc) {
    for (int i = 0; i < imageCode.length; i += 2) {
      if (pc >= imageCode[i] && pc < imageCode[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Analyzes, lifts and compiles {@code image} in memory. */
  public static CompiledProgram compile(GuestImage image) throws LoadException {
    return of(image, CompiledProgram::compileInMemory);
  }

  /** The program of {@code image}, compiled with {@code compiler} (also used for execve). */
  public static CompiledProgram of(GuestImage image, Compiler compiler) throws LoadException {
    return loaded(image, inMemory(compiler.compile(image)), compiler);
  }

  /**
   * The program of {@code image} whose classes {@code compiled} defines (a jar {@code recomp
   * compile} wrote); images it execs are compiled with {@code compiler}.
   */
  public static CompiledProgram loaded(GuestImage image, ClassLoader compiled, Compiler compiler) {
    Map<String, CompiledProgram> programs = new ConcurrentHashMap<>();
    CompiledProgram p =
        new CompiledProgram(
            image,
            JvmBackend.dispatchTable(compiled),
            compiler,
            programs,
            new LongAdder(),
            new LongAdder());
    programs.put(image.sha256(), p);
    return p;
  }

  private static ClassLoader inMemory(List<JvmBackend.GeneratedClass> classes) {
    return new GeneratedClassLoader(classes, CompiledProgram.class.getClassLoader());
  }

  /** The analysis, lifter and backend, in memory. */
  public static List<JvmBackend.GeneratedClass> compileInMemory(GuestImage image) {
    return JvmBackend.compile(
        ProgramCompiler.functions(image, Analysis.analyze(image, TitleConfig.empty())));
  }

  @Override
  public void resume(GuestProcess process, CpuState cpu) {
    LongFunction<Block> lifter = ProgramCompiler.runtimeLifter(process.memory());
    InterpreterFallback fallback =
        new InterpreterFallback(
            pc ->
                inImageCode(pc)
                    ? imageBlocks.computeIfAbsent(pc, lifter::apply)
                    : lifter.apply(pc));
    GuestContext ctx = new GuestContext(cpu, process.memory(), process, table, fallback);
    try {
      ctx.runFrom(cpu.pc);
    } finally {
      interpretedBlocks.add(fallback.blocks());
      interpretedInstructions.add(fallback.instructions());
    }
  }

  @Override
  public GuestEngine load(GuestImage image, String what) throws LoadException {
    String key = image.sha256();
    CompiledProgram known = programs.get(key);
    if (known != null) {
      return known;
    }
    CompiledProgram fresh;
    try {
      fresh =
          new CompiledProgram(
              image,
              JvmBackend.dispatchTable(inMemory(compiler.compile(image))),
              compiler,
              programs,
              interpretedBlocks,
              interpretedInstructions);
    } catch (RuntimeException e) {
      throw new LoadException(what + ": cannot be compiled: " + e.getMessage());
    }
    CompiledProgram raced = programs.putIfAbsent(key, fresh);
    return raced != null ? raced : fresh;
  }

  /** Fallback blocks run so far by every thread of every program of this run. */
  public long interpretedBlocks() {
    return interpretedBlocks.sum();
  }

  /** Guest instructions the fallback interpreted so far, over all threads and programs. */
  public long interpretedInstructions() {
    return interpretedInstructions.sum();
  }
}
