package dev.recomp.lift.jvm.internal;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.recomp.lift.Helper;
import dev.recomp.lift.jvm.GuestContext;
import dev.recomp.lift.jvm.IndirectCalls;
import dev.recomp.lift.jvm.JvmOps;
import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.GuestProcess;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodTypeDesc;

/** Class and method descriptors generated code links against. */
final class Descriptors {
  private Descriptors() {}

  static final ClassDesc CONTEXT = desc(GuestContext.class);
  static final ClassDesc CPU = desc(CpuState.class);
  static final ClassDesc MEMORY = desc(GuestMemory.class);
  static final ClassDesc PROCESS = desc(GuestProcess.class);
  static final ClassDesc OPS = desc(JvmOps.class);
  static final ClassDesc FAULT = desc(GuestFault.class);
  static final ClassDesc LONG_ARRAY = CD_long.arrayType();
  static final ClassDesc LONG = desc(Long.class);
  static final ClassDesc INTEGER = desc(Integer.class);
  static final ClassDesc MATH = desc(Math.class);

  /** {@code static long run(GuestContext)}: a function's entry. */
  static final MethodTypeDesc RUN = MethodTypeDesc.of(CD_long, CONTEXT);

  /** {@code static long r<k>(GuestContext, long pc)}: one region of a split function. */
  static final MethodTypeDesc REGION = MethodTypeDesc.of(CD_long, CONTEXT, CD_long);

  /**
   * An indirect call or jump, {@code (GuestContext, long target)long}: an {@code invokedynamic}
   * whose site caches the targets it calls ({@link IndirectCalls}).
   */
  static final DynamicCallSiteDesc INDIRECT_CALL =
      DynamicCallSiteDesc.of(
          ConstantDescs.ofCallsiteBootstrap(
              desc(IndirectCalls.class), "bootstrap", ConstantDescs.CD_CallSite),
          "call",
          MethodTypeDesc.of(CD_long, CONTEXT, CD_long));

  static final MethodTypeDesc J_J = MethodTypeDesc.of(CD_long, CD_long);
  static final MethodTypeDesc JJ_V = MethodTypeDesc.of(CD_void, CD_long, CD_long);
  static final MethodTypeDesc JJJ_V = MethodTypeDesc.of(CD_void, CD_long, CD_long, CD_long);
  static final MethodTypeDesc JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);
  static final MethodTypeDesc PACKED_FLAGS =
      MethodTypeDesc.of(CD_long, CD_int, CD_long, CD_long, CD_long, CD_long);
  static final MethodTypeDesc JJJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long);
  static final MethodTypeDesc JII_J = MethodTypeDesc.of(CD_long, CD_long, CD_int, CD_int);
  static final MethodTypeDesc JJJJ_V =
      MethodTypeDesc.of(CD_void, CD_long, CD_long, CD_long, CD_long);
  static final MethodTypeDesc JJJJJ_V =
      MethodTypeDesc.of(CD_void, CD_long, CD_long, CD_long, CD_long, CD_long);
  static final MethodTypeDesc JI_J = MethodTypeDesc.of(CD_long, CD_long, CD_int);
  static final MethodTypeDesc JJJI_J =
      MethodTypeDesc.of(CD_long, CD_long, CD_long, CD_long, CD_int);
  static final MethodTypeDesc JJ_I = MethodTypeDesc.of(CD_int, CD_long, CD_long);
  static final MethodTypeDesc J_I = MethodTypeDesc.of(CD_int, CD_long);
  static final MethodTypeDesc I_I = MethodTypeDesc.of(CD_int, CD_int);
  static final MethodTypeDesc II_I = MethodTypeDesc.of(CD_int, CD_int, CD_int);
  static final ClassDesc ACCESS_KIND = desc(AccessKind.class);

  /** {@code GuestMemory.aligned(long, int, AccessKind)}. */
  static final MethodTypeDesc ALIGNED = MethodTypeDesc.of(CD_long, CD_long, CD_int, ACCESS_KIND);

  static final MethodTypeDesc LOAD_EXCLUSIVE =
      MethodTypeDesc.of(CD_long, CPU, MEMORY, CD_long, CD_int, LONG_ARRAY);
  static final MethodTypeDesc STORE_EXCLUSIVE =
      MethodTypeDesc.of(CD_long, CPU, MEMORY, CD_long, CD_int, CD_long, CD_long);
  static final MethodTypeDesc SUPERVISOR_CALL = MethodTypeDesc.of(CD_void, CPU, CD_int);
  static final MethodTypeDesc BUDGET = MethodTypeDesc.of(CD_long, CD_long, CD_long);
  static final MethodTypeDesc TRAP =
      MethodTypeDesc.of(desc(RuntimeException.class), CD_int, CD_long, CD_int, CD_int);
  static final MethodTypeDesc FAULT_AT = MethodTypeDesc.of(FAULT, CD_long);
  static final MethodTypeDesc VOID = MethodTypeDesc.of(CD_void);

  /** The descriptor of a helper's implementation (see {@link Helper}). */
  static MethodTypeDesc helper(Helper helper) {
    return MethodTypeDesc.of(
        CD_long,
        helper.javaParams().stream()
            .map(c -> c == long.class ? CD_long : LONG_ARRAY)
            .toArray(ClassDesc[]::new));
  }

  static ClassDesc desc(Class<?> type) {
    return ClassDesc.of(type.getName());
  }
}
