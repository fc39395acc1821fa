package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Op.BinOp;
import dev.recomp.lift.Op.CmpOp;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.Value;
import dev.recomp.lift.jvm.internal.FunctionCompiler;
import dev.recomp.runtime.CpuState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Control flow that leaves the static call graph: returns to an address the caller did not expect
 * (longjmp), calls to code that was not compiled (dispatch miss, interpreter fallback), indirect
 * calls and tail jumps. Each runs compiled (whole and split into tiny regions) and interpreted.
 */
class DispatchTest {
  private static final long MAIN = 0x1_0000;
  private static final long SETJMP = 0x2_0000;
  private static final long THROWER = 0x3_0000;
  private static final long LONGJMP = 0x4_0000;
  private static final long UNCOMPILED = 0x5_0000;
  private static final long TAIL = 0x6_0000;

  /** Where main returns; no block lives there. */
  private static final long DONE = 0xdead_0000L;

  private static Block block(long pc, Consumer<BlockBuilder> body, Terminator t) {
    BlockBuilder b = new BlockBuilder(pc);
    b.insnStart(pc, 0xd503201f);
    body.accept(b);
    return b.finish(t);
  }

  private static Block block(
      long pc,
      Consumer<BlockBuilder> body,
      java.util.function.Function<BlockBuilder, Terminator> t) {
    BlockBuilder b = new BlockBuilder(pc);
    b.insnStart(pc, 0xd503201f);
    body.accept(b);
    return b.finish(t.apply(b));
  }

  private static Value c(long v) {
    return BlockBuilder.constant(Type.I64, v);
  }

  private static void add(BlockBuilder b, int reg, long amount) {
    b.set(GuestReg.x(reg), b.binary(BinOp.ADD, b.get(GuestReg.x(reg)), c(amount)));
  }

  private static Terminator ret(BlockBuilder b) {
    return Terminator.IndirectJump.of(b.get(GuestReg.x(30)), Terminator.IndirectKind.RETURN);
  }

  /**
   * main: x2 += 1; call setjmp; [site] x2 += 10; if x2 < 20 call thrower (which calls longjmp,
   * which returns straight to [site], past two frames) else call the uncompiled function (which
   * calls setjmp), BLR the function that tail-jumps to setjmp, and return through x29.
   */
  private static List<GuestFunction> program() {
    long site = MAIN + 0x10;
    long afterThrow = MAIN + 0x20;
    long other = MAIN + 0x30;
    long afterUncompiled = MAIN + 0x40;
    long afterIndirect = MAIN + 0x50;
    GuestFunction main =
        GuestFunction.of(
            MAIN,
            "main",
            List.of(
                block(
                    MAIN,
                    b -> {
                      add(b, 2, 1);
                      b.set(GuestReg.x(30), c(site));
                    },
                    new Terminator.Call(SETJMP, site)),
                block(
                    site,
                    b -> add(b, 2, 10),
                    b -> {
                      Value small = b.compare(CmpOp.ULT, b.get(GuestReg.x(2)), c(20));
                      b.set(GuestReg.x(30), c(afterThrow));
                      return Terminator.Branch.of(small, site + 4, other);
                    }),
                block(site + 4, b -> {}, new Terminator.Call(THROWER, afterThrow)),
                block(afterThrow, b -> add(b, 3, 1000), new Terminator.Jump(other)),
                block(
                    other,
                    b -> b.set(GuestReg.x(30), c(afterUncompiled)),
                    new Terminator.Call(UNCOMPILED, afterUncompiled)),
                block(
                    afterUncompiled,
                    b -> b.set(GuestReg.x(30), c(afterIndirect)),
                    b -> Terminator.CallIndirect.of(b.get(GuestReg.x(9)), afterIndirect)),
                block(
                    afterIndirect,
                    b -> add(b, 4, 1),
                    b ->
                        Terminator.IndirectJump.of(
                            b.get(GuestReg.x(29)), Terminator.IndirectKind.RETURN))));
    GuestFunction setjmp =
        GuestFunction.of(
            SETJMP, "setjmp", List.of(block(SETJMP, b -> add(b, 5, 1), DispatchTest::ret)));
    GuestFunction thrower =
        GuestFunction.of(
            THROWER,
            "thrower",
            List.of(
                block(
                    THROWER,
                    b -> b.set(GuestReg.x(30), c(THROWER + 0x10)),
                    new Terminator.Call(LONGJMP, THROWER + 0x10)),
                block(THROWER + 0x10, b -> add(b, 6, 1), DispatchTest::ret)));
    GuestFunction longjmp =
        GuestFunction.of(
            LONGJMP,
            "longjmp",
            List.of(
                block(
                    LONGJMP,
                    b -> add(b, 7, 1),
                    b -> Terminator.IndirectJump.of(c(site), Terminator.IndirectKind.RETURN))));
    GuestFunction tail =
        GuestFunction.of(
            TAIL, "tail", List.of(block(TAIL, b -> add(b, 8, 1), new Terminator.Jump(SETJMP))));
    return List.of(main, setjmp, thrower, longjmp, tail);
  }

  /** Code analysis did not find: run by the fallback only. */
  private static Map<Long, Block> uncompiled() {
    return Map.of(
        UNCOMPILED,
        block(
            UNCOMPILED,
            b -> {
              add(b, 10, 5);
              b.set(GuestReg.x(11), b.get(GuestReg.x(30)));
              b.set(GuestReg.x(30), c(UNCOMPILED + 0x10));
            },
            new Terminator.Call(SETJMP, UNCOMPILED + 0x10)),
        UNCOMPILED + 0x10,
        block(
            UNCOMPILED + 0x10,
            b -> add(b, 10, 7),
            b ->
                Terminator.IndirectJump.of(b.get(GuestReg.x(11)), Terminator.IndirectKind.RETURN)));
  }

  @ParameterizedTest
  @ValueSource(ints = {JvmBackend.DEFAULT_REGION_BYTES, 16})
  void unexpectedReturnsMissesAndTailJumpsBehaveAsInterpreted(int regionBytes) {
    List<GuestFunction> functions = program();
    Map<Long, Block> all = new HashMap<>(uncompiled());
    functions.forEach(f -> f.blocks().forEach(b -> all.put(b.pc(), b)));

    CpuState expected;
    try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
      setUp(p.mainThread());
      String end = interpret(all, p);
      assertEquals("returned to 0xdead0000", end);
      expected = p.mainThread().copy();
    }
    try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
      setUp(p.mainThread());
      List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions, regionBytes);
      GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
      InterpreterFallback fallback = new InterpreterFallback(pc -> uncompiled().get(pc));
      GuestContext ctx =
          new GuestContext(p.mainThread(), p.memory(), p, loader.dispatchTable(), fallback);
      assertEquals(DONE, ctx.call(MAIN));
      CpuState actual = p.mainThread();
      for (int r = 0; r < 31; r++) {
        assertEquals(expected.x[r], actual.x[r], "x" + r);
      }
      // Twice through the setjmp site, the second time by longjmp, which skips x3 and x6.
      assertEquals(21, actual.x[2]);
      assertEquals(0, actual.x[3]);
      assertEquals(0, actual.x[6]);
      assertEquals(3, actual.x[5]);
      assertEquals(12, actual.x[10]);
      assertEquals(Map.of(UNCOMPILED, 1L), p.trace().dispatchMisses());
      assertEquals(Map.of(UNCOMPILED, 1L, UNCOMPILED + 0x10, 1L), p.trace().fallbacks());
      assertEquals(2, fallback.blocks());
    }
  }

  /**
   * 1,700 functions (four chunks of the dispatch table), each setting x0 to its own address: every
   * entry reaches its function, addresses between, below and above the entries miss, and every
   * method of the table stays small enough for HotSpot to JIT-compile (8,000 bytes).
   */
  @Test
  void largeTablesReachEveryEntryAndStayCompilable() {
    List<GuestFunction> functions = new ArrayList<>();
    List<Long> entries = new ArrayList<>();
    for (int i = 0; i < 1_700; i++) {
      long entry = MAIN + 0x40L * i + (i % 3) * 4;
      entries.add(entry);
      functions.add(
          GuestFunction.of(
              entry,
              "f" + i,
              List.of(block(entry, b -> b.set(GuestReg.x(0), c(entry)), DispatchTest::ret))));
    }
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions);
    JvmBackend.GeneratedClass dispatch =
        classes.stream()
            .filter(g -> g.name().equals(JvmBackend.DISPATCH_CLASS))
            .findFirst()
            .orElseThrow();
    assertTrue(FunctionCompiler.largestMethod(dispatch.bytes()) < 8_000);
    DispatchTable table =
        new GeneratedClassLoader(classes, getClass().getClassLoader()).dispatchTable();
    try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
      GuestContext ctx = compiledOnly(p, table);
      for (long entry : entries) {
        assertTrue(table.has(entry), Long.toHexString(entry));
        p.mainThread().x[30] = DONE;
        assertEquals(DONE, ctx.call(entry));
        assertEquals(entry, p.mainThread().x[0]);
        assertFalse(table.has(entry + 0x20), Long.toHexString(entry + 0x20));
      }
      assertFalse(table.has(MAIN - 4));
      assertFalse(table.has(-4L));
      assertFalse(table.has(entries.getLast() + 4));
    }
  }

  /**
   * A function whose entry is not its lowest block (it jumps back into code it shares with another
   * function, as a tail call the analysis folded in), whole and split: it must start at its entry.
   */
  @ParameterizedTest
  @ValueSource(ints = {JvmBackend.DEFAULT_REGION_BYTES, 16})
  void functionsStartAtTheirEntryWhereverItLies(int regionBytes) {
    long shared = MAIN;
    long entry = MAIN + 0x100;
    GuestFunction f =
        GuestFunction.of(
            entry,
            "f",
            List.of(
                block(shared, b -> add(b, 0, 5), DispatchTest::ret),
                block(entry, b -> b.set(GuestReg.x(0), c(1)), new Terminator.Jump(shared))));
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(List.of(f), regionBytes);
    DispatchTable table =
        new GeneratedClassLoader(classes, getClass().getClassLoader()).dispatchTable();
    try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
      GuestContext ctx = compiledOnly(p, table);
      p.mainThread().x[0] = 100;
      p.mainThread().x[30] = DONE;
      assertEquals(DONE, ctx.call(entry));
      assertEquals(6, p.mainThread().x[0]);
    }
  }

  private static final long TARGETS = 0x7_0000;
  private static final long STUB = 0x8_0000;

  /** Iterations over four targets: 20 past the sites' cold calls, a whole number of cycles. */
  private static final int EARLY = IndirectCalls.COLD_CALLS / 4 * 4 + 20;

  /**
   * main loops {@link #EARLY} + 20 times: BLR x9, then BL a stub that BRs x9 (a PLT stub's tail
   * jump). Each target adds its own amount to x2 and its weighted counter to x3; one of them only
   * the fallback runs. x9 cycles through four targets for {@link #EARLY} iterations, which both
   * sites' inline caches hold ({@link IndirectCalls#MAX_TARGETS}) once they are past their cold
   * calls, the uncompiled one among them, then through eight, which they do not.
   */
  private static List<GuestFunction> callsThroughPointers(Map<Long, Block> uncompiled) {
    long loop = MAIN + 0x10;
    long afterBlr = MAIN + 0x20;
    long afterStub = MAIN + 0x30;
    List<GuestFunction> functions = new ArrayList<>();
    functions.add(
        GuestFunction.of(
            MAIN,
            "main",
            List.of(
                block(MAIN, b -> b.set(GuestReg.x(1), c(0)), new Terminator.Jump(loop)),
                block(
                    loop,
                    b -> {
                      Value early = b.compare(CmpOp.ULT, b.get(GuestReg.x(1)), c(EARLY));
                      Value mask = b.select(early, c(3), c(7));
                      Value slot =
                          b.binary(
                              BinOp.SHL, b.binary(BinOp.AND, b.get(GuestReg.x(1)), mask), c(8));
                      b.set(GuestReg.x(9), b.binary(BinOp.ADD, slot, c(TARGETS)));
                      b.set(GuestReg.x(30), c(afterBlr));
                    },
                    b -> Terminator.CallIndirect.of(b.get(GuestReg.x(9)), afterBlr)),
                block(
                    afterBlr,
                    b -> b.set(GuestReg.x(30), c(afterStub)),
                    new Terminator.Call(STUB, afterStub)),
                block(
                    afterStub,
                    b -> add(b, 1, 1),
                    b -> {
                      Value more = b.compare(CmpOp.ULT, b.get(GuestReg.x(1)), c(EARLY + 20));
                      return Terminator.Branch.of(more, loop, afterStub + 4);
                    }),
                block(
                    afterStub + 4,
                    b -> {},
                    b ->
                        Terminator.IndirectJump.of(
                            b.get(GuestReg.x(29)), Terminator.IndirectKind.RETURN)))));
    functions.add(
        GuestFunction.of(
            STUB,
            "stub",
            List.of(
                block(
                    STUB,
                    b -> {},
                    b ->
                        Terminator.IndirectJump.of(
                            b.get(GuestReg.x(9)), Terminator.IndirectKind.JUMP)))));
    for (int k = 0; k < 8; k++) {
      long entry = TARGETS + 0x100L * k;
      int amount = k + 1;
      Block body =
          block(
              entry,
              b -> {
                add(b, 2, amount);
                Value weighted = b.binary(BinOp.MUL, b.get(GuestReg.x(1)), c(amount));
                b.set(GuestReg.x(3), b.binary(BinOp.ADD, b.get(GuestReg.x(3)), weighted));
              },
              DispatchTest::ret);
      if (k == 2) {
        uncompiled.put(entry, body);
      } else {
        functions.add(GuestFunction.of(entry, "target" + k, List.of(body)));
      }
    }
    return functions;
  }

  @ParameterizedTest
  @ValueSource(ints = {JvmBackend.DEFAULT_REGION_BYTES, 16})
  void indirectCallSitesWithManyTargetsBehaveAsInterpreted(int regionBytes) {
    Map<Long, Block> uncompiled = new HashMap<>();
    List<GuestFunction> functions = callsThroughPointers(uncompiled);
    Map<Long, Block> all = new HashMap<>(uncompiled);
    functions.forEach(f -> f.blocks().forEach(b -> all.put(b.pc(), b)));
    CpuState expected;
    try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
      p.mainThread().x[29] = DONE;
      assertEquals("returned to 0xdead0000", interpret(all, p));
      expected = p.mainThread().copy();
    }
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions, regionBytes);
    GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
    // Twice on the same classes: the second run starts with every site's cache already linked.
    for (int run = 0; run < 2; run++) {
      try (TestProcess p = new TestProcess(Long.MAX_VALUE)) {
        p.mainThread().x[29] = DONE;
        InterpreterFallback fallback = new InterpreterFallback(uncompiled::get);
        GuestContext ctx =
            new GuestContext(p.mainThread(), p.memory(), p, loader.dispatchTable(), fallback);
        assertEquals(DONE, ctx.call(MAIN));
        for (int r = 0; r < 31; r++) {
          assertEquals(expected.x[r], p.mainThread().x[r], "x" + r);
        }
        // Two calls per iteration: amounts 1..4 EARLY / 4 times over, then 5..8 and twice 1..8;
        // the uncompiled target (amount 3) is called EARLY / 4 + 2 times from each site.
        assertEquals(2 * (EARLY / 4 * 10 + 5 + 6 + 7 + 8 + 2 * 36), p.mainThread().x[2]);
        assertEquals(Map.of(TARGETS + 0x200, 2 * (EARLY / 4 + 2L)), p.trace().dispatchMisses());
      }
    }
  }

  /** A context over {@code table} whose fallback can lift no code. */
  private static GuestContext compiledOnly(TestProcess p, DispatchTable table) {
    return new GuestContext(
        p.mainThread(), p.memory(), p, table, new InterpreterFallback(pc -> null));
  }

  private static void setUp(CpuState cpu) {
    cpu.x[2] = 0;
    cpu.x[9] = TAIL;
    cpu.x[29] = DONE;
  }

  private static String interpret(Map<Long, Block> blocks, TestProcess p) {
    return BackendDifferentialTest.interpret(blocks, p, MAIN, DONE);
  }
}
