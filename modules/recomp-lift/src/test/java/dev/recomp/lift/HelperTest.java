package dev.recomp.lift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HelperTest {
  /** Interpreter and generated code both link against this method by name and signature. */
  @ParameterizedTest
  @EnumSource(Helper.class)
  void everyHelperHasAStaticImplementationOfItsSignature(Helper helper) throws Exception {
    Method m = helper.owner().getMethod(helper.method(), helper.javaParams().toArray(Class[]::new));
    assertTrue(Modifier.isStatic(m.getModifiers()), helper + " must be static");
    assertEquals(long.class, m.getReturnType());
  }

  @Test
  void i128ResultsReturnTheHighHalfThroughOut() {
    long[] out = new long[1];
    // 1.0 + 2.0 in binary64 under the default FPCR: exact, so FPSR stays 0.
    long lo =
        Helper.FP_BINARY.invoke(
            new long[] {0, 64, 0x3ff0_0000_0000_0000L, 0x4000_0000_0000_0000L, 0, 0x10}, out);
    assertEquals(0x4008_0000_0000_0000L, lo);
    assertEquals(0x10, out[0]);
  }
}
