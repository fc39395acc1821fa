package dev.recomp.lift.oracle;

import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.Block;
import dev.recomp.lift.Exit;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.Terminator;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Runs oracle cases through our lifter and {@link IrInterpreter} (or another {@link Execution} of
 * the lifted code), reproducing the oracle's environment: the scratch window with its template, BRK
 * everywhere around the slot, nothing else mapped. The result is shaped like the oracle's so the
 * two compare field by field.
 */
public final class LiftedRunner implements AutoCloseable {

  /** Lifts the one instruction {@code word} at {@code pc} into a block. */
  @FunctionalInterface
  public interface Lifter {
    Block lift(long pc, int word);
  }

  /**
   * Runs a case's words, stored at {@link Oracle#SLOT}, from {@code cpu.pc} until control leaves
   * them, and returns the signal that ends the case (see {@link #signalOnLeaving}); a {@link
   * GuestFault} propagates.
   */
  @FunctionalInterface
  public interface Execution {
    int run(int[] words, CpuState cpu, GuestMemory memory);
  }

  /** Signal number reported when the lifter trapped on an unimplemented instruction. */
  public static final int UNIMPLEMENTED = -1;

  private static final int SIGILL = 4;
  private static final int SIGTRAP = 5;
  private static final int SIGSEGV = 11;
  private static final int MAX_STEPS = 64;

  /** BRK #0, which surrounds the case's words in the oracle. */
  private static final int BRK0 = 0xd4200000;

  private final Execution execution;
  private final GuestMemory memory;
  private final byte[] template = new byte[Oracle.WINDOW_SIZE];
  private final MemorySegment templateSegment = MemorySegment.ofArray(template);

  /** Runs every golden; one line, its assembly and differences, per golden that differs. */
  public List<String> mismatches(List<GoldenFile.Golden> goldens) {
    List<String> failures = new ArrayList<>();
    for (GoldenFile.Golden g : goldens) {
      List<String> d = Comparison.differences(g.expected(), run(g.input()));
      if (!d.isEmpty()) {
        failures.add(g.asm() + ": " + String.join("; ", d));
      }
    }
    return failures;
  }

  /** Runs the lifted instructions in the IR interpreter, one block per instruction. */
  public LiftedRunner(Lifter lifter) {
    this(
        (words, cpu, memory) ->
            interpret(pc -> lifter.lift(pc, words[wordIndex(pc)]), words, cpu, memory));
  }

  /**
   * Runs the case's words in the IR interpreter lifted as the translator lifts code: each block
   * from where control is to its first terminator.
   */
  public static LiftedRunner wholeBlocks(A64Lifter lifter) {
    return new LiftedRunner(
        (words, cpu, memory) ->
            interpret(
                pc ->
                    lifter.liftBlock(
                        pc, address -> words[wordIndex(address)], words.length - wordIndex(pc)),
                words,
                cpu,
                memory));
  }

  private static int wordIndex(long pc) {
    return (int) ((pc - Oracle.SLOT) >> 2);
  }

  public LiftedRunner(Execution execution) {
    this.execution = execution;
    this.memory = GuestMemory.reserve(Oracle.WINDOW + Oracle.WINDOW_SIZE);
    memory.map(Oracle.WINDOW, Oracle.WINDOW_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    for (int i = 0; i < template.length; i++) {
      template[i] = (byte) Oracle.templateByte(i);
    }
    memory.write(Oracle.WINDOW, template);
    memory.map(Oracle.SLOT_BASE, Oracle.SLOT_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    for (long a = Oracle.SLOT_BASE; a < Oracle.SLOT_BASE + Oracle.SLOT_SIZE; a += 4) {
      memory.store32(a, BRK0);
    }
  }

  public OracleResult run(OracleCase c) {
    for (int i = 0; i < c.words().length; i++) {
      memory.store32(Oracle.SLOT + 4L * i, c.words()[i]);
    }
    CpuState cpu = c.in().copy();
    cpu.pc = Oracle.SLOT;
    int signal;
    long faultAddress;
    try {
      signal = execution.run(c.words(), cpu, memory);
      faultAddress = cpu.pc;
    } catch (GuestFault fault) {
      signal = fault.signal();
      faultAddress = fault.address();
    }
    for (int i = 0; i < c.words().length; i++) {
      memory.store32(Oracle.SLOT + 4L * i, BRK0);
    }
    return new OracleResult(signal, cpu.pc, faultAddress, cpu, windowChanges());
  }

  private static int interpret(
      LongFunction<Block> blockAt, int[] words, CpuState cpu, GuestMemory memory) {
    IrInterpreter interpreter = new IrInterpreter(cpu, memory);
    for (int step = 0; step < MAX_STEPS; step++) {
      long index = (cpu.pc - Oracle.SLOT) >> 2;
      if (cpu.pc < Oracle.SLOT || index >= words.length || (cpu.pc & 3) != 0) {
        return signalOnLeaving(cpu.pc);
      }
      Exit exit = interpreter.execute(blockAt.apply(cpu.pc));
      if (exit instanceof Exit.Trapped(Terminator.Trap trap)) {
        return signalOf(trap.kind());
      }
      if (exit instanceof Exit.SupervisorCall) {
        return UNIMPLEMENTED;
      }
    }
    throw new IllegalStateException("case did not leave its words after " + MAX_STEPS + " steps");
  }

  /**
   * The signal when control leaves the words for {@code pc}: a BRK around the slot, or nothing
   * mapped.
   */
  public static int signalOnLeaving(long pc) {
    boolean aroundSlot = pc - Oracle.SLOT_BASE >= 0 && pc - Oracle.SLOT_BASE < Oracle.SLOT_SIZE;
    return aroundSlot && (pc & 3) == 0 ? SIGTRAP : SIGSEGV;
  }

  private static int signalOf(Terminator.TrapKind kind) {
    return switch (kind) {
      case BREAKPOINT -> SIGTRAP;
      case UNDEFINED, PERMANENTLY_UNDEFINED, HALT -> SIGILL;
      case UNIMPLEMENTED -> UNIMPLEMENTED;
    };
  }

  /** The window bytes that differ from the template; restores them for the next case. */
  private TreeMap<Integer, Integer> windowChanges() {
    MemorySegment window = memory.segment().asSlice(Oracle.WINDOW, Oracle.WINDOW_SIZE);
    TreeMap<Integer, Integer> changes = new TreeMap<>();
    long from = 0;
    while (from < Oracle.WINDOW_SIZE) {
      long relative =
          MemorySegment.mismatch(
              window, from, Oracle.WINDOW_SIZE, templateSegment, from, Oracle.WINDOW_SIZE);
      if (relative < 0) {
        break;
      }
      long at = from + relative;
      byte original = template[(int) at];
      changes.put((int) at, window.get(ValueLayout.JAVA_BYTE, at) & 0xff);
      window.set(ValueLayout.JAVA_BYTE, at, original);
      from = at + 1;
    }
    return changes;
  }

  @Override
  public void close() {
    memory.close();
  }
}
