package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.lift.jvm.internal.FunctionCompiler;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Functions far beyond one JVM method are split into regions, not crashed, and still run right. */
class LimitsTest {

  @Test
  void oversizeFunctionIsSplitIntoRegionsThatStayUnderTheLimits() {
    List<GuestFunction> functions = RandomProgram.large(42, 250, 12);
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions);
    JvmBackend.GeneratedClass main =
        classes.stream()
            .filter(c -> c.name().equals(JvmBackend.className(RandomProgram.MAIN)))
            .findFirst()
            .orElseThrow();
    ClassModel model = ClassFile.of().parse(main.bytes());
    long regions =
        model.methods().stream().filter(m -> m.methodName().stringValue().startsWith("r")).count();
    assertTrue(regions > 5, "expected many region methods, got " + regions);
    assertTrue(
        FunctionCompiler.largestMethod(main.bytes()) <= FunctionCompiler.JIT_LIMIT,
        "every region must stay within the JIT's huge-method limit");
    assertTrue(
        model.constantPool().size() < 65_535, "constant pool " + model.constantPool().size());
    assertEquals(List.of(), ClassFile.of().verify(main.bytes()));
    BackendDifferentialTest.check(functions, 42, Long.MAX_VALUE);
  }

  /**
   * The region estimate is an upper bound; a function it overestimates, but whose real method is
   * small, is not split. The budget here is below this function's estimate: without the rule the
   * function comes out in regions.
   */
  @Test
  void functionWhoseRealMethodIsSmallStaysWhole() {
    List<GuestFunction> functions = RandomProgram.large(11, 6, 4);
    int real = FunctionCompiler.largestMethod(main(JvmBackend.compile(functions)).bytes());
    assertTrue(real < FunctionCompiler.JIT_LIMIT / 2, "test function too large: " + real);
    assertEquals(List.of("run"), methodNames(JvmBackend.compile(functions, real * 3 / 2)));
    BackendDifferentialTest.check(functions, 11, Long.MAX_VALUE, real * 3 / 2);
  }

  private static JvmBackend.GeneratedClass main(List<JvmBackend.GeneratedClass> classes) {
    return classes.stream()
        .filter(c -> c.name().equals(JvmBackend.className(RandomProgram.MAIN)))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> methodNames(List<JvmBackend.GeneratedClass> classes) {
    return ClassFile.of().parse(main(classes).bytes()).methods().stream()
        .map(m -> m.methodName().stringValue())
        .toList();
  }

  @Test
  void thousandsOfRegionsArePickedThroughGroupMethods() {
    List<GuestFunction> functions = RandomProgram.large(5, 1_100, 1);
    List<JvmBackend.GeneratedClass> classes = JvmBackend.compile(functions, 16);
    ClassModel model = ClassFile.of().parse(classes.getFirst().bytes());
    List<String> names = model.methods().stream().map(m -> m.methodName().stringValue()).toList();
    assertTrue(names.contains("t1"), "expected group methods t0, t1: " + names.size() + " methods");
    assertTrue(
        FunctionCompiler.largestMethod(classes.getFirst().bytes()) < FunctionCompiler.HARD_LIMIT);
    BackendDifferentialTest.check(functions, 5, Long.MAX_VALUE, 16);
  }

  @Test
  void singleHugeBlockStillCompiles() {
    List<GuestFunction> functions = RandomProgram.large(7, 2, 1_500);
    BackendDifferentialTest.check(functions, 7, Long.MAX_VALUE);
  }

  @Test
  void tinyRegionBudgetSplitsEveryFunctionAndKeepsSemantics() {
    for (long seed = 0; seed < 50; seed++) {
      List<GuestFunction> functions = RandomProgram.functions(seed, true);
      BackendDifferentialTest.check(functions, seed, Long.MAX_VALUE, 64);
    }
  }
}
