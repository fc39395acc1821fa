package dev.recomp.lift.jvm.internal;

import static dev.recomp.lift.jvm.internal.Descriptors.CONTEXT;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_long;

import dev.recomp.lift.jvm.DispatchTable;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Generates the program's {@link DispatchTable}: guest address to {@code invokestatic} of the
 * compiled function, as {@code lookupswitch}es (the JIT turns them into binary searches) over the
 * offset from the lowest entry. Entries are cut into chunks of {@link #CHUNK} so every method stays
 * under HotSpot's 8,000-byte limit for JIT compilation (a larger one would run interpreted on every
 * indirect call), and a balanced tree of address compares picks the chunk. The addresses live in
 * the code, not in a data array or the constant pool.
 */
public final class DispatchCompiler {
  /**
   * Functions per chunk method: a case costs 8 bytes of switch plus 5 of call, so a chunk's method
   * is about 6,500 bytes.
   */
  public static final int CHUNK = 500;

  private static final MethodTypeDesc CALL = MethodTypeDesc.of(CD_long, CONTEXT, CD_long);
  private static final MethodTypeDesc HAS = MethodTypeDesc.of(CD_boolean, CD_long);

  private DispatchCompiler() {}

  /**
   * The dispatch class {@code self} over {@code entries} (guest address to function class, sorted
   * by unsigned address).
   */
  public static byte[] compile(ClassDesc self, SortedMap<Long, ClassDesc> entries) {
    List<List<Long>> chunks = new ArrayList<>();
    List<Long> current = new ArrayList<>();
    for (long a : entries.keySet()) {
      if (current.size() == CHUNK) {
        chunks.add(current);
        current = new ArrayList<>();
      }
      current.add(a);
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return ClassFile.of()
        .build(
            self,
            clb -> {
              clb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
              clb.withInterfaceSymbols(Descriptors.desc(DispatchTable.class));
              clb.withMethodBody(
                  ConstantDescs.INIT_NAME,
                  ConstantDescs.MTD_void,
                  ClassFile.ACC_PUBLIC,
                  cob ->
                      cob.aload(0)
                          .invokespecial(
                              ConstantDescs.CD_Object,
                              ConstantDescs.INIT_NAME,
                              ConstantDescs.MTD_void)
                          .return_());
              clb.withMethodBody(
                  "call", CALL, ClassFile.ACC_PUBLIC, cob -> top(cob, self, chunks, true));
              clb.withMethodBody(
                  "has", HAS, ClassFile.ACC_PUBLIC, cob -> top(cob, self, chunks, false));
              for (int c = 0; c < chunks.size(); c++) {
                List<Long> chunk = chunks.get(c);
                clb.withMethodBody(
                    "call" + c,
                    CALL,
                    ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                    cob -> callChunk(cob, chunk, entries));
                clb.withMethodBody(
                    "has" + c,
                    HAS,
                    ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC,
                    cob -> hasChunk(cob, chunk));
              }
            });
  }

  /**
   * Picks the chunk by a balanced tree of compares with the chunks' first addresses (instance
   * method: slot 0 is this).
   */
  private static void top(CodeBuilder cob, ClassDesc self, List<List<Long>> chunks, boolean call) {
    int target = call ? 2 : 1;
    Label miss = cob.newLabel();
    if (!chunks.isEmpty()) {
      cob.lload(target).loadConstant(chunks.getFirst().getFirst());
      compareUnsigned(cob);
      cob.iflt(miss);
      pick(cob, self, chunks, 0, chunks.size(), call);
    }
    cob.labelBinding(miss);
    if (call) {
      cob.aload(1).lload(2).invokevirtual(CONTEXT, "miss", Descriptors.J_J).lreturn();
    } else {
      cob.iconst_0().ireturn();
    }
  }

  /** Code for a target known to be at or above the first address of chunk {@code from}. */
  private static void pick(
      CodeBuilder cob, ClassDesc self, List<List<Long>> chunks, int from, int to, boolean call) {
    if (to - from == 1) {
      if (call) {
        cob.aload(1).lload(2).invokestatic(self, "call" + from, CALL).lreturn();
      } else {
        cob.lload(1).invokestatic(self, "has" + from, HAS).ireturn();
      }
      return;
    }
    int mid = (from + to) >>> 1;
    Label upper = cob.newLabel();
    cob.lload(call ? 2 : 1).loadConstant(chunks.get(mid).getFirst());
    compareUnsigned(cob);
    cob.ifge(upper);
    pick(cob, self, chunks, from, mid, call);
    cob.labelBinding(upper);
    pick(cob, self, chunks, mid, to, call);
  }

  private static void compareUnsigned(CodeBuilder cob) {
    cob.invokestatic(ClassDesc.of(Long.class.getName()), "compareUnsigned", Descriptors.JJ_I);
  }

  private static void keyed(
      CodeBuilder cob, int slot, List<Long> chunk, Label miss, List<Label> labels) {
    long base = chunk.get(0);
    long last = chunk.get(chunk.size() - 1);
    if (last - base > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          String.format("function entries 0x%x..0x%x span more than 2 GiB", base, last));
    }
    cob.lload(slot).loadConstant(last);
    compareUnsigned(cob);
    cob.ifgt(miss);
    List<SwitchCase> cases = new ArrayList<>();
    for (long a : chunk) {
      Label l = cob.newLabel();
      labels.add(l);
      cases.add(SwitchCase.of((int) (a - base), l));
    }
    cob.lload(slot).loadConstant(base).lsub().l2i().lookupswitch(miss, cases);
  }

  private static void callChunk(
      CodeBuilder cob, List<Long> chunk, SortedMap<Long, ClassDesc> entries) {
    Label miss = cob.newLabel();
    List<Label> labels = new ArrayList<>();
    keyed(cob, 1, chunk, miss, labels);
    for (int i = 0; i < chunk.size(); i++) {
      cob.labelBinding(labels.get(i));
      cob.aload(0).invokestatic(entries.get(chunk.get(i)), "run", Descriptors.RUN).lreturn();
    }
    cob.labelBinding(miss);
    cob.aload(0).lload(1).invokevirtual(CONTEXT, "miss", Descriptors.J_J).lreturn();
  }

  private static void hasChunk(CodeBuilder cob, List<Long> chunk) {
    Label miss = cob.newLabel();
    List<Label> labels = new ArrayList<>();
    keyed(cob, 0, chunk, miss, labels);
    for (Label l : labels) {
      cob.labelBinding(l);
    }
    cob.iconst_1().ireturn();
    cob.labelBinding(miss);
    cob.iconst_0().ireturn();
  }
}
