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
import java.lang.classfile.instruction.SwitchCase;
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

  private FunctionCompiler() {}

  /**
   * Compiles {@code function} into class {@code self}.
   *
   * @param linkage the class of the compiled function starting at an address, if there is one;
   *     calls to other addresses go through dispatch
   * @param regionBytes the estimated bytecode size above which a function is split into regions
   */
  public static byte[] compile(
      GuestFunction function,
      ClassDesc self,
      LongFunction<Optional<ClassDesc>> linkage,
      int regionBytes) {
    int budget = regionBytes;
    while (true) {
      FunctionPlan plan = new FunctionPlan(function, budget);
      byte[] bytes = build(plan, self, linkage);
      int largest = largestMethod(bytes);
      if (largest < Math.min(HARD_LIMIT, 2L * regionBytes) || budget < 256) {
        if (largest >= HARD_LIMIT) {
          throw new IllegalArgumentException(
              String.format(
                  "function %s at 0x%x: a single block needs %d bytes of bytecode",
                  function.name(), function.entry(), largest));
        }
        return bytes;
      }
      // The estimate was low: re-plan with smaller regions.
      budget /= 2;
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

  /**
   * The entry of a split function: {@code pc = entry; loop { pc = r<region of pc>(ctx, pc); if
   * (ctx.leaving) return pc; }}. An address that is no region's entry (an unexpected return) leaves
   * the function.
   */
  private static void trampoline(FunctionPlan plan, ClassDesc self, CodeBuilder cob) {
    int pc = 1;
    long entry = plan.function.entry();
    cob.loadConstant(entry).lstore(pc);
    Label loop = cob.newBoundLabel();
    Label leave = cob.newLabel();
    List<SwitchCase> cases = new ArrayList<>();
    List<Label> regionLabels = new ArrayList<>();
    long lowest = Long.MAX_VALUE;
    long highest = Long.MIN_VALUE;
    for (int r = 0; r < plan.regions.size(); r++) {
      Label l = cob.newLabel();
      regionLabels.add(l);
      for (long t : plan.regionEntries.get(r)) {
        cases.add(SwitchCase.of((int) (t - entry), l));
        lowest = Math.min(lowest, t - entry);
        highest = Math.max(highest, t - entry);
      }
    }
    cases.sort(java.util.Comparator.comparingInt(SwitchCase::caseValue));
    cob.lload(pc).loadConstant(entry + lowest).lcmp().iflt(leave);
    cob.lload(pc).loadConstant(entry + highest).lcmp().ifgt(leave);
    cob.lload(pc).loadConstant(entry).lsub().l2i().lookupswitch(leave, cases);
    for (int r = 0; r < plan.regions.size(); r++) {
      cob.labelBinding(regionLabels.get(r));
      cob.aload(0).lload(pc).invokestatic(self, "r" + r, Descriptors.REGION).lstore(pc);
      cob.aload(0).getfield(CONTEXT, "leaving", CD_boolean).ifeq(loop);
      cob.aload(0).iconst_0().putfield(CONTEXT, "leaving", CD_boolean);
      cob.lload(pc).lreturn();
    }
    cob.labelBinding(leave);
    cob.lload(pc).lreturn();
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
