package dev.recomp.lift.jvm.internal;

import static dev.recomp.lift.jvm.internal.Descriptors.CONTEXT;
import static java.lang.constant.ConstantDescs.CD_boolean;

import dev.recomp.lift.jvm.GuestFunction;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Compiles one guest function into one class: {@code public static long run(GuestContext)}, plus
 * one {@code r<k>} method per region when the function is too large for one method. {@code run}
 * returns the guest address the function returned to.
 */
public final class FunctionCompiler {
  /** No generated method may reach this many bytes of code; the JVM limit is 65535. */
  public static final int HARD_LIMIT = 60_000;

  /**
   * HotSpot does not JIT-compile a method of more bytecode than this ({@code HugeMethodLimit},
   * {@code -XX:+DontCompileHugeMethods}): such a method runs interpreted forever.
   */
  public static final int JIT_LIMIT = 8_000;

  /**
   * The largest function (in real bytecode) kept as one method whatever the region estimate says.
   * Not {@link #JIT_LIMIT}: C2 stops inlining once a compilation holds 8,000 bytecodes with its
   * callees ({@code DesiredMethodLimit}), and each guest memory access inlines about 55 (helpers
   * more), so a 7,000-byte method keeps many accesses as calls (matmul_i32's 7,256-byte main ran
   * 60% slower whole than in regions, and still about 80% slower once accesses inlined into 55
   * bytecodes instead of 700). Measured in docs/performance.md.
   */
  static final int WHOLE_LIMIT = 5_000;

  private FunctionCompiler() {}

  /**
   * Compiles {@code function} into class {@code self}.
   *
   * @param linkage the class of the compiled function starting at an address, if there is one;
   *     calls to other addresses go through dispatch
   * @param regionBytes the estimated bytecode size above which a function is split into regions;
   *     when a method comes out larger than {@link #JIT_LIMIT} anyway, the function is re-planned
   *     with a smaller budget
   */
  public static byte[] compile(
      GuestFunction function,
      ClassDesc self,
      LongFunction<Optional<ClassDesc>> linkage,
      int regionBytes) {
    // The estimate is an upper bound, two to three times the real size: a function whose whole
    // method is small enough stays whole instead of paying region transitions for the estimate's
    // error. Only tried within four times the budget and below the hard limit, so the attempt
    // stays below the 64 KiB a method may have.
    FunctionPlan whole = new FunctionPlan(function, Integer.MAX_VALUE);
    long estimate = whole.estimatedSize();
    int budget = regionBytes;
    if (estimate <= Math.min(4L * regionBytes, HARD_LIMIT)) {
      byte[] bytes = build(whole, self, linkage);
      int largest = largestMethod(bytes);
      // Within the budget the first plan below would be this same whole one: keep it.
      if (largest <= WHOLE_LIMIT || (estimate <= regionBytes && largest <= JIT_LIMIT)) {
        return bytes;
      }
      // The budget means an estimate twice the real size; this function's own ratio corrects it,
      // so that its regions come out near the real size meant (busybox's deflate estimates at 3.2
      // times its real size, and its match loop was cut in two for it).
      budget = (int) Math.max(1, (long) regionBytes * estimate / (2L * largest));
    }
    while (true) {
      FunctionPlan plan = new FunctionPlan(function, budget);
      byte[] bytes = build(plan, self, linkage);
      int largest = largestMethod(bytes);
      if (largest <= JIT_LIMIT || budget < 256) {
        if (largest >= HARD_LIMIT) {
          throw new IllegalArgumentException(
              String.format(
                  "function %s at 0x%x: a single block needs %d bytes of bytecode",
                  function.name(), function.entry(), largest));
        }
        return bytes;
      }
      // Some method is too large for the JIT: re-plan with the budget cut in proportion.
      budget = (int) Math.min(budget - 1, (long) budget * JIT_LIMIT / largest * 9 / 10);
    }
  }

  private static byte[] build(
      FunctionPlan plan, ClassDesc self, LongFunction<Optional<ClassDesc>> linkage) {
    return ClassFile.of()
        .build(
            self,
            clb -> {
              clb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
              if (!plan.split()) {
                clb.withMethodBody(
                    "run",
                    Descriptors.RUN,
                    ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                    cob -> RegionEmitter.emit(plan, 0, linkage, cob));
                return;
              }
              clb.withMethodBody(
                  "run",
                  Descriptors.RUN,
                  ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                  cob -> trampoline(plan, self, cob));
              for (int g = 0; plan.regions.size() > GROUP && g * GROUP < plan.regions.size(); g++) {
                int group = g;
                clb.withMethodBody(
                    "t" + g,
                    Descriptors.REGION,
                    ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE,
                    cob -> group(plan, self, group, cob));
              }
              for (int r = 0; r < plan.regions.size(); r++) {
                int region = r;
                clb.withMethodBody(
                    "r" + r,
                    Descriptors.REGION,
                    ClassFile.ACC_STATIC | ClassFile.ACC_PRIVATE,
                    cob -> RegionEmitter.emit(plan, region, linkage, cob));
              }
            });
  }

  /** A method covering guest addresses from {@code first} up to the next target's first. */
  private record Target(long first, String method) {}

  /**
   * The entry of a split function: {@code pc = entry; loop { pc = <method for pc>(ctx, pc); if
   * (ctx.leaving) return pc; }}. Regions are address ranges, so the region of a pc is found by a
   * balanced tree of compares against the regions' first addresses; a pc that is not an entry of
   * its region (an unexpected return) makes the region method leave. With more than {@link #GROUP}
   * regions, {@code run} picks among group methods {@code t<g>} that pick the region.
   */
  private static void trampoline(FunctionPlan plan, ClassDesc self, CodeBuilder cob) {
    int pc = 1;
    cob.loadConstant(plan.function.entry()).lstore(pc);
    Label loop = cob.newBoundLabel();
    Label after = cob.newLabel();
    pick(cob, self, topTargets(plan), pc, after, false);
    cob.labelBinding(after);
    cob.lstore(pc);
    cob.aload(0).getfield(CONTEXT, "leaving", CD_boolean).ifeq(loop);
    cob.aload(0).iconst_0().putfield(CONTEXT, "leaving", CD_boolean);
    cob.lload(pc).lreturn();
  }

  /** Regions per group method. */
  static final int GROUP = 1_000;

  private static List<Target> regionTargets(FunctionPlan plan, int from, int to) {
    List<Target> out = new ArrayList<>();
    for (int r = from; r < to; r++) {
      out.add(new Target(plan.regions.get(r).getFirst().pc(), "r" + r));
    }
    return out;
  }

  private static List<Target> topTargets(FunctionPlan plan) {
    int n = plan.regions.size();
    if (n <= GROUP) {
      return regionTargets(plan, 0, n);
    }
    List<Target> out = new ArrayList<>();
    for (int g = 0; g * GROUP < n; g++) {
      out.add(new Target(plan.regions.get(g * GROUP).getFirst().pc(), "t" + g));
    }
    return out;
  }

  /** The body of group method {@code t<g>}: picks the region and returns what it returns. */
  private static void group(FunctionPlan plan, ClassDesc self, int g, CodeBuilder cob) {
    int to = Math.min(plan.regions.size(), (g + 1) * GROUP);
    pick(cob, self, regionTargets(plan, g * GROUP, to), 1, null, true);
  }

  /**
   * Calls the target whose range holds the pc in local {@code pc}, then returns the result ({@code
   * ret}) or jumps to {@code after} with it on the stack.
   */
  private static void pick(
      CodeBuilder cob, ClassDesc self, List<Target> targets, int pc, Label after, boolean ret) {
    if (targets.size() == 1) {
      cob.aload(0).lload(pc).invokestatic(self, targets.getFirst().method(), Descriptors.REGION);
      if (ret) {
        cob.lreturn();
      } else {
        cob.goto_(after);
      }
      return;
    }
    int mid = targets.size() >>> 1;
    Label upper = cob.newLabel();
    cob.lload(pc).loadConstant(targets.get(mid).first());
    cob.invokestatic(ClassDesc.of(Long.class.getName()), "compareUnsigned", Descriptors.JJ_I);
    cob.ifge(upper);
    pick(cob, self, targets.subList(0, mid), pc, after, ret);
    cob.labelBinding(upper);
    pick(cob, self, targets.subList(mid, targets.size()), pc, after, ret);
  }

  /** The code size of the class's largest method. */
  public static int largestMethod(byte[] bytes) {
    ClassModel model = ClassFile.of().parse(bytes);
    int largest = 0;
    for (MethodModel m : model.methods()) {
      largest = Math.max(largest, m.code().map(FunctionCompiler::codeLength).orElse(0));
    }
    return largest;
  }

  private static int codeLength(CodeModel code) {
    return ((java.lang.classfile.attribute.CodeAttribute) code).codeLength();
  }
}
