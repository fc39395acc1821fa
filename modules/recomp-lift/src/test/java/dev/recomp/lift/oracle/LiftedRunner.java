package dev.recomp.lift.oracle;

import dev.recomp.lift.Block;
import dev.recomp.lift.Exit;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.Terminator;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import java.util.TreeMap;

/**
 * Runs oracle cases through our lifter and {@link IrInterpreter}, reproducing the oracle's
 * environment: the scratch window with its template, BRK everywhere around the slot, nothing else
 * mapped. The result is shaped like the oracle's so the two compare field by field.
 */
public final class LiftedRunner implements AutoCloseable {

  /** Lifts the one instruction {@code word} at {@code pc} into a block. */
  @FunctionalInterface
  public interface Lifter {
    Block lift(long pc, int word);
  }

  /** Signal number reported when the lifter trapped on an unimplemented instruction. */
  public static final int UNIMPLEMENTED = -1;

  private static final int SIGILL = 4;
  private static final int SIGTRAP = 5;
  private static final int SIGSEGV = 11;
  private static final int MAX_STEPS = 64;

  /** BRK #0, which surrounds the case's words in the oracle. */
  private static final int BRK0 = 0xd4200000;

  private final Lifter lifter;
  private final GuestMemory memory;
  private final byte[] template = new byte[Oracle.WINDOW_SIZE];

  public LiftedRunner(Lifter lifter) {
    this.lifter = lifter;
    this.memory = GuestMemory.reserve(Oracle.WINDOW + Oracle.WINDOW_SIZE);
    memory.map(Oracle.WINDOW, Oracle.WINDOW_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    for (int i = 0; i < template.length; i++) {
      template[i] = (byte) Oracle.templateByte(i);
    }
    memory.map(Oracle.SLOT_BASE, Oracle.SLOT_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    for (long a = Oracle.SLOT_BASE; a < Oracle.SLOT_BASE + Oracle.SLOT_SIZE; a += 4) {
      memory.store32(a, BRK0);
    }
  }

  public OracleResult run(OracleCase c) {
    memory.write(Oracle.WINDOW, template);
    for (int i = 0; i < c.words().length; i++) {
      memory.store32(Oracle.SLOT + 4L * i, c.words()[i]);
    }
    CpuState cpu = c.in().copy();
    cpu.pc = Oracle.SLOT;
    IrInterpreter interpreter = new IrInterpreter(cpu, memory);
    int signal;
    long faultAddress;
    try {
      signal = runWords(c.words(), cpu, interpreter);
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

  private int runWords(int[] words, CpuState cpu, IrInterpreter interpreter) {
    for (int step = 0; step < MAX_STEPS; step++) {
      long index = (cpu.pc - Oracle.SLOT) >> 2;
      if (cpu.pc < Oracle.SLOT || index >= words.length || (cpu.pc & 3) != 0) {
        boolean aroundSlot =
            cpu.pc - Oracle.SLOT_BASE >= 0 && cpu.pc - Oracle.SLOT_BASE < Oracle.SLOT_SIZE;
        return aroundSlot && (cpu.pc & 3) == 0 ? SIGTRAP : SIGSEGV;
      }
      Exit exit = interpreter.execute(lifter.lift(cpu.pc, words[(int) index]));
      if (exit instanceof Exit.Trapped(Terminator.Trap trap)) {
        return switch (trap.kind()) {
          case BREAKPOINT -> SIGTRAP;
          case UNDEFINED, PERMANENTLY_UNDEFINED, HALT -> SIGILL;
          case UNIMPLEMENTED -> UNIMPLEMENTED;
        };
      }
      if (exit instanceof Exit.SupervisorCall) {
        return UNIMPLEMENTED;
      }
    }
    throw new IllegalStateException("case did not leave its words after " + MAX_STEPS + " steps");
  }

  private TreeMap<Integer, Integer> windowChanges() {
    byte[] now = memory.read(Oracle.WINDOW, Oracle.WINDOW_SIZE);
    TreeMap<Integer, Integer> changes = new TreeMap<>();
    for (int i = 0; i < now.length; i++) {
      if (now[i] != template[i]) {
        changes.put(i, now[i] & 0xff);
      }
    }
    return changes;
  }

  @Override
  public void close() {
    memory.close();
  }
}
