package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageType;
import dev.recomp.intake.Segment;
import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.Block;
import dev.recomp.lift.Op;
import dev.recomp.lift.analysis.Function;
import dev.recomp.lift.analysis.JumpTable;
import dev.recomp.lift.analysis.ProgramAnalysis;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.LinuxLoader;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Analysis results plus A64 semantics to guest functions for the backend: lifts every analyzed
 * block of every function at the address its loader will put it ({@link #bias}), and gives the
 * run-time lifter for the fallback.
 */
public final class ProgramCompiler {
  /** The most instructions the fallback lifts into one block. */
  public static final int FALLBACK_BLOCK = 256;

  private static final ValueLayout.OfInt LE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private ProgramCompiler() {}

  /**
   * Where the loader of {@code image}'s personality puts it: added to every address analysis
   * reports. Linux ELF: static PIEs at {@link LinuxLoader#PIE_BASE}, others at their link
   * addresses; Switch NRO/NSO at {@link HorizonLoader#IMAGE_BASE}.
   */
  public static long bias(GuestImage image) {
    return switch (image.format()) {
      case ELF -> image.type() == ImageType.DYN ? LinuxLoader.PIE_BASE : 0;
      case NRO, NSO -> HorizonLoader.IMAGE_BASE;
    };
  }

  /** The guest functions of {@code analysis}, lifted at load addresses. */
  public static List<GuestFunction> functions(GuestImage image, ProgramAnalysis analysis) {
    A64Lifter lifter = A64Lifter.standard();
    long bias = bias(image);
    List<GuestFunction> out = new ArrayList<>();
    for (Function f : analysis.functions()) {
      SortedSet<Long> targets = new TreeSet<>();
      for (JumpTable t : analysis.jumpTables()) {
        if (f.blocks().stream().anyMatch(b -> t.branch() >= b.start() && t.branch() < b.end())) {
          t.targets().forEach(target -> targets.add(target + bias));
        }
      }
      List<Block> blocks = new ArrayList<>();
      TreeSet<Long> seen = new TreeSet<>();
      for (dev.recomp.lift.analysis.Block b : f.blocks()) {
        long at = b.start();
        // The lifter ends a block at every BL; analysis does not, so one analyzed block may lift
        // to several.
        while (at < b.end() && seen.add(at + bias)) {
          Block lifted =
              lifter.liftBlock(
                  at + bias, pc -> fetch(image, pc - bias), (int) ((b.end() - at) / 4));
          blocks.add(lifted);
          at = lastInstruction(lifted) - bias + 4;
        }
      }
      out.add(new GuestFunction(f.start() + bias, f.name(), blocks, targets));
    }
    return out;
  }

  /** The run-time lifter for {@link InterpreterFallback}: reads code from guest memory. */
  public static LongFunction<Block> runtimeLifter(GuestMemory memory) {
    return pc ->
        RuntimeLifter.INSTANCE.liftBlock(pc, at -> (int) memory.load32(at), FALLBACK_BLOCK);
  }

  /**
   * Loaded on the first fallback only: reading the decoder's encoding table costs a noticeable part
   * of a recompiled program's start-up, and most programs never fall back.
   */
  private static final class RuntimeLifter {
    static final A64Lifter INSTANCE = A64Lifter.standard();
  }

  private static long lastInstruction(Block block) {
    long last = block.pc();
    for (Op op : block.ops()) {
      if (op instanceof Op.InsnStart s) {
        last = s.pc();
      }
    }
    return last;
  }

  private static int fetch(GuestImage image, long address) {
    Segment s =
        image
            .segmentAt(address)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format("analyzed code at 0x%x is outside every segment", address)));
    long offset = address - s.address();
    return offset + 4 <= s.fileSize() ? s.data().get(LE32, offset) : 0;
  }
}
