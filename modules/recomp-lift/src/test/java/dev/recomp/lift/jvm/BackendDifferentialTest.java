package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.Cond;
import dev.recomp.lift.Exit;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.IrInterpreter;
import dev.recomp.lift.IrVerifier;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value.Temp;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.Termination;
import java.lang.classfile.ClassFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The IR interpreter defines IR semantics: random functions run by it and by their compiled classes
 * from the same state must end in the same registers, memory and fault.
 */
class BackendDifferentialTest {

  @Property(tries = 400)
  void compiledCodeMatchesTheInterpreter(@ForAll long seed) {
    check(RandomProgram.functions(seed, false), seed, Long.MAX_VALUE);
  }

  @Property(tries = 200)
  void faultsMatchTheInterpreter(@ForAll long seed) {
    check(RandomProgram.functions(seed, true), seed, Long.MAX_VALUE);
  }

  @Property(tries = 100)
  void smallBudgetSlicesDoNotChangeResults(@ForAll long seed) {
    check(RandomProgram.functions(seed, false), seed, 3);
  }

  /**
   * Generated code checks the budget only at loop heads and entries (RegionEmitter): a loop whose
   * head is not its first block, and that never exits, still runs out of budget, having counted
   * every instruction.
   */
  @Test
  @Timeout(60)
  void aLoopThatNeverExitsRunsOutOfBudget() {
    long head = RandomProgram.MAIN;
    long body = head + 0x10;
    BlockBuilder entry = new BlockBuilder(head);
    entry.insnStart(head, 0xd503201f);
    BlockBuilder loop = new BlockBuilder(body);
    loop.insnStart(body, 0xd503201f);
    loop.insnStart(body + 4, 0xd503201f);
    Block first = entry.finish(new Terminator.Jump(body));
    Block second = loop.finish(new Terminator.Jump(head));
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(
            List.of(GuestFunction.of(head, "main", List.of(first, second))),
            JvmBackend.DEFAULT_REGION_BYTES);
    try (TestProcess p = new TestProcess(1_000)) {
      p.stopAfterSlices(5);
      GuestExit exit = assertThrows(GuestExit.class, () -> runCompiled(classes, p));
      assertEquals(Termination.Kind.INSTRUCTION_BUDGET, exit.termination().kind());
      // Each slice runs out at a check, at most one loop iteration (3 instructions) late.
      long counted = p.instructionsCounted();
      assertTrue(counted > 5_000 && counted <= 5_000 + 5 * 3, () -> "counted " + counted);
    }
  }

  /**
   * A value deferred to its use that the use did not need (NZCV for the condition NV, which the
   * select folds) is not computed later, when the register it reads changes: by then its local
   * belongs to another temporary (TempSlots), here the operand of the flags that change NZCV.
   */
  @Test
  void aFoldedConditionDoesNotOverwriteALaterTemporary() {
    long pc = RandomProgram.MAIN;
    BlockBuilder b = new BlockBuilder(pc);
    b.insnStart(pc, 0xd503201f);
    Temp always = b.condHolds(Cond.NV, b.get(GuestReg.NZCV));
    b.set(
        GuestReg.x(0),
        b.select(always, b.get(GuestReg.x(13)), BlockBuilder.constant(Type.I64, -1)));
    b.insnStart(pc + 4, 0xd503201f);
    Temp operand = b.get(GuestReg.x(21));
    b.set(GuestReg.x(1), operand);
    b.set(
        GuestReg.NZCV,
        b.addFlags(
            operand, BlockBuilder.constant(Type.I64, ~5L), BlockBuilder.constant(Type.I1, 1)));
    Block block =
        b.finish(Terminator.IndirectJump.of(b.get(GuestReg.x(30)), Terminator.IndirectKind.RETURN));
    CpuState end =
        runBothWays(
            List.of(block),
            cpu -> {
              cpu.x[21] = 3;
              cpu.x[30] = RandomProgram.RETURN;
              cpu.nzcv = 0x6000_0000L;
            });
    assertEquals(Long.toHexString(CpuState.N), Long.toHexString(end.nzcv), "3 - 5 is negative");
  }

  /** Runs both ways and compares how they ended and the final state. */
  static void check(List<GuestFunction> functions, long seed, long slice) {
    check(functions, seed, slice, JvmBackend.DEFAULT_REGION_BYTES);
  }

  static void check(List<GuestFunction> functions, long seed, long slice, int regionBytes) {
    Map<Long, Block> blocks = new HashMap<>();
    for (GuestFunction f : functions) {
      for (Block b : f.blocks()) {
        assertEquals(List.of(), IrVerifier.verify(b), () -> b.toString());
        blocks.put(b.pc(), b);
      }
    }
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions, regionBytes);
    for (JvmBackend.GeneratedClass c : classes) {
      ClassFile.of()
          .verify(c.bytes())
          .forEach(
              e -> {
                throw new AssertionError(c.name() + ": " + e.getMessage(), e);
              });
    }
    try (TestProcess interpreted = new TestProcess(slice);
        TestProcess compiled = new TestProcess(slice)) {
      initialize(interpreted, seed);
      initialize(compiled, seed);
      String a = interpret(blocks, interpreted);
      String b = runCompiled(classes, compiled);
      assertEquals(a, b, "how the run ended");
      assertSameState(interpreted, compiled);
    }
  }

  static void initialize(TestProcess p, long seed) {
    Random r = new Random(seed ^ 0x5eed);
    CpuState cpu = p.mainThread();
    for (int i = 0; i < 31; i++) {
      cpu.x[i] = r.nextInt(4) == 0 ? r.nextInt(100) : r.nextLong();
    }
    cpu.x[28] = 1 + r.nextInt(3);
    cpu.x[RandomProgram.SAVED_LINK] = RandomProgram.RETURN;
    for (int i = 0; i < 64; i++) {
      cpu.v[i] = r.nextLong();
    }
    cpu.sp = r.nextLong();
    cpu.nzcv = (long) r.nextInt(16) << 28;
    cpu.tpidrEl0 = r.nextLong();
    byte[] data = new byte[(int) TestProcess.DATA_SIZE];
    r.nextBytes(data);
    p.memory().write(TestProcess.DATA, data);
  }

  /** Interprets from the main function until it returns to {@link RandomProgram#RETURN}. */
  static String interpret(Map<Long, Block> blocks, TestProcess p) {
    return interpret(blocks, p, RandomProgram.MAIN, RandomProgram.RETURN);
  }

  /** Interprets from {@code start} until control reaches {@code end}. */
  static String interpret(Map<Long, Block> blocks, TestProcess p, long start, long end) {
    CpuState cpu = p.mainThread();
    IrInterpreter interpreter = new IrInterpreter(cpu, p.memory());
    long pc = start;
    try {
      while (pc != end) {
        Block block = blocks.get(pc);
        long insns =
            block.ops().stream().filter(op -> op instanceof dev.recomp.lift.Op.InsnStart).count();
        cpu.budget -= insns;
        if (insns > 0 && cpu.budget < 0) {
          p.budgetExpired(cpu);
        }
        switch (interpreter.execute(block)) {
          case Exit.Continue c -> pc = c.pc();
          case Exit.SupervisorCall s -> {
            p.supervisorCall(cpu, s.imm());
            pc = s.next();
          }
          case Exit.Trapped t -> throw new AssertionError("unexpected trap " + t);
        }
      }
      return "returned to 0x" + Long.toHexString(pc);
    } catch (GuestFault f) {
      return "fault at 0x" + Long.toHexString(f.pc()) + ": " + f.getMessage();
    }
  }

  static String runCompiled(List<JvmBackend.GeneratedClass> classes, TestProcess p) {
    GeneratedClassLoader loader =
        new GeneratedClassLoader(classes, BackendDifferentialTest.class.getClassLoader());
    GuestContext ctx =
        new GuestContext(
            p.mainThread(),
            p.memory(),
            p,
            loader.dispatchTable(),
            (c, pc) -> {
              throw new AssertionError("no fallback expected, asked for 0x" + Long.toHexString(pc));
            });
    try {
      long to = ctx.call(RandomProgram.MAIN);
      return "returned to 0x" + Long.toHexString(to);
    } catch (GuestFault f) {
      return "fault at 0x" + Long.toHexString(f.pc()) + ": " + f.getMessage();
    }
  }

  /**
   * Runs one function of {@code blocks}, entered at {@link RandomProgram#MAIN}, compiled and
   * interpreted from the state {@code start} sets up; asserts that both end alike and returns the
   * compiled run's CPU state.
   */
  static CpuState runBothWays(List<Block> blocks, Consumer<CpuState> start) {
    List<JvmBackend.GeneratedClass> classes =
        JvmBackend.compile(List.of(GuestFunction.of(RandomProgram.MAIN, "main", blocks)));
    Map<Long, Block> byPc = new HashMap<>();
    blocks.forEach(b -> byPc.put(b.pc(), b));
    try (TestProcess compiled = new TestProcess(Long.MAX_VALUE);
        TestProcess interpreted = new TestProcess(Long.MAX_VALUE)) {
      start.accept(compiled.mainThread());
      start.accept(interpreted.mainThread());
      assertEquals(interpret(byPc, interpreted), runCompiled(classes, compiled));
      assertSameState(interpreted, compiled);
      return compiled.mainThread();
    }
  }

  static void assertSameState(TestProcess expected, TestProcess actual) {
    CpuState e = expected.mainThread();
    CpuState a = actual.mainThread();
    assertArrayEquals(e.x, a.x, "x registers");
    assertArrayEquals(e.v, a.v, "v registers");
    assertEquals(Long.toHexString(e.sp), Long.toHexString(a.sp), "sp");
    assertEquals(Long.toHexString(e.nzcv), Long.toHexString(a.nzcv), "nzcv");
    assertEquals(e.fpcr, a.fpcr, "fpcr");
    assertEquals(e.fpsr, a.fpsr, "fpsr");
    assertEquals(e.tpidrEl0, a.tpidrEl0, "tpidr_el0");
    assertEquals(e.exclusiveAddress, a.exclusiveAddress, "exclusive monitor");
    assertEquals(expected.instructionsCounted(), actual.instructionsCounted(), "instructions");
    GuestMemory em = expected.memory();
    GuestMemory am = actual.memory();
    assertArrayEquals(
        em.read(TestProcess.DATA, (int) TestProcess.DATA_SIZE),
        am.read(TestProcess.DATA, (int) TestProcess.DATA_SIZE),
        "data memory");
  }
}
