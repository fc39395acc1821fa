package dev.recomp.lift.jvm;

import static java.lang.constant.ConstantDescs.CD_long;

import dev.recomp.lift.Block;
import dev.recomp.lift.BlockBuilder;
import dev.recomp.lift.GuestReg;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.Type;
import dev.recomp.lift.jvm.internal.DispatchCompiler;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls into compiled guest code: an indirect call (BLR, tail jump, unexpected return) goes through
 * the program's generated {@link DispatchTable} ({@link GuestContext#call}), a direct call (BL to a
 * known function) is an {@code invokestatic} of the callee's {@code run}. The program is {@link
 * #FUNCTIONS} tiny functions ({@code x0 = entry; ret}) compiled by {@link JvmBackend#compile}, so
 * the table has several chunks ({@link DispatchCompiler#CHUNK} entries each) behind its tree of
 * address compares. One operation is one call and return; scores are in ops/us (1000 / score = ns
 * per operation). Run with {@code scripts/bench-runtime.sh}.
 *
 * <p>{@link #indirectSpread} needs the longer warmup: each of the functions it reaches is
 * JIT-compiled on its own, and until they all are the score is a fraction of the final one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--enable-native-access=ALL-UNNAMED",
      "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
      "-XX:+UseSerialGC"
    })
public class DispatchBenchmark {
  private static final int FUNCTIONS = 2_000;
  private static final int CALLS = 1024;
  private static final long FIRST = 0x1_0000;

  /** Where every function returns to; no code lives there. */
  private static final long CALLER = 0xdead_0000L;

  /** The generated class behind {@link #direct}. */
  private static final String DIRECT_CALL = JvmBackend.PACKAGE + ".DirectCall";

  /**
   * A compiled function's {@code run} behind an interface, so the benchmark reaches it with the
   * same single interface call as the dispatch table; the implementation is one {@code
   * invokestatic}.
   */
  @FunctionalInterface
  public interface Entry {
    long run(GuestContext ctx);
  }

  private TestProcess process;
  private GuestContext ctx;

  /** The function both {@link #indirect} and {@link #direct} call, in the table's third chunk. */
  private long target;

  private Entry direct;

  /** Entries of functions all over the table, in random order. */
  private final long[] spread = new long[CALLS];

  @Setup
  public void compile() throws ReflectiveOperationException {
    List<GuestFunction> functions = new ArrayList<>();
    List<Long> entries = new ArrayList<>();
    for (int i = 0; i < FUNCTIONS; i++) {
      // Unevenly spaced, as real function entries are.
      long entry = FIRST + 0x40L * i + (i % 3) * 4;
      entries.add(entry);
      functions.add(GuestFunction.of(entry, "f" + i, List.of(setX0AndReturn(entry))));
    }
    target = entries.get(2 * DispatchCompiler.CHUNK + DispatchCompiler.CHUNK / 3);
    List<JvmBackend.GeneratedClass> classes = new ArrayList<>(JvmBackend.compile(functions));
    classes.add(directCaller(target));
    GeneratedClassLoader loader = new GeneratedClassLoader(classes, getClass().getClassLoader());
    process = new TestProcess(Long.MAX_VALUE);
    process.mainThread().x[30] = CALLER;
    ctx =
        new GuestContext(
            process.mainThread(),
            process.memory(),
            process,
            loader.dispatchTable(),
            new InterpreterFallback(pc -> null));
    direct =
        (Entry) Class.forName(DIRECT_CALL, true, loader).getDeclaredConstructor().newInstance();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < CALLS; i++) {
      spread[i] = entries.get(random.nextInt(FUNCTIONS));
    }
  }

  @TearDown
  public void close() {
    process.close();
  }

  private static Block setX0AndReturn(long entry) {
    BlockBuilder b = new BlockBuilder(entry);
    b.insnStart(entry, 0xd503201f);
    b.set(GuestReg.x(0), BlockBuilder.constant(Type.I64, entry));
    return b.finish(
        Terminator.IndirectJump.of(b.get(GuestReg.x(30)), Terminator.IndirectKind.RETURN));
  }

  /**
   * A class implementing {@link Entry} by an {@code invokestatic} of {@code run} of the function at
   * {@code entry}, the call a BL compiles to; defined with the generated classes so it can see
   * them.
   */
  private static JvmBackend.GeneratedClass directCaller(long entry) {
    ClassDesc entryInterface = ClassDesc.ofDescriptor(Entry.class.descriptorString());
    MethodTypeDesc run =
        MethodTypeDesc.of(CD_long, ClassDesc.ofDescriptor(GuestContext.class.descriptorString()));
    byte[] bytes =
        ClassFile.of()
            .build(
                ClassDesc.of(DIRECT_CALL),
                clb ->
                    clb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                        .withInterfaceSymbols(entryInterface)
                        .withMethodBody(
                            ConstantDescs.INIT_NAME,
                            ConstantDescs.MTD_void,
                            ClassFile.ACC_PUBLIC,
                            cob ->
                                cob.aload(0)
                                    .invokespecial(
                                        ConstantDescs.CD_Object,
                                        ConstantDescs.INIT_NAME,
                                        ConstantDescs.MTD_void)
                                    .return_())
                        .withMethodBody(
                            "run",
                            run,
                            ClassFile.ACC_PUBLIC,
                            cob ->
                                cob.aload(1)
                                    .invokestatic(
                                        ClassDesc.of(JvmBackend.className(entry)), "run", run)
                                    .lreturn()));
    return new JvmBackend.GeneratedClass(DIRECT_CALL, bytes);
  }

  /** Through the dispatch table, always to the same function. */
  @Benchmark
  public long indirect() {
    return ctx.call(target);
  }

  /** The same function, called directly. */
  @Benchmark
  public long direct() {
    return direct.run(ctx);
  }

  /** Through the dispatch table to functions all over it, as a program's BLRs and returns go. */
  @Benchmark
  @OperationsPerInvocation(CALLS)
  public long indirectSpread() {
    long sum = 0;
    for (long a : spread) {
      sum += ctx.call(a);
    }
    return sum;
  }
}
