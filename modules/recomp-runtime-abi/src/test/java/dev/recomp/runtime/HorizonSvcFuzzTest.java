package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any SVC number with any register values either returns a result in W0 or ends the guest with a
 * {@link GuestExit}; no other exception reaches generated code.
 */
class HorizonSvcFuzzTest {
  @Provide
  Arbitrary<List<Long>> registers() {
    return register().list().ofSize(6);
  }

  private static Arbitrary<Long> register() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(0, 0x1_0000_0000L),
        Arbitraries.of(
            0L,
            -1L,
            HorizonLoader.HEAP_REGION,
            HorizonLoader.STACK_REGION,
            HorizonLoader.IMAGE_BASE,
            HorizonLoader.TLS_REGION,
            0x100L,
            0xffff8001L,
            0x20_0000L,
            0x1000L));
  }

  @Property(tries = 400)
  void svcsNeverThrowAnythingButGuestExit(
      @ForAll("svcNumber") int number, @ForAll("registers") List<Long> registers) throws Exception {
    try (HorizonProcess p =
        HorizonLoader.load(
            HorizonProcessTest.demo("nro"),
            HorizonConfig.builder()
                .debugOutput(new ByteArrayOutputStream())
                .diagnostics(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build(),
            "demo.nro")) {
      CpuState cpu = p.mainThread();
      HorizonProcessTest.svc(p, 0x01, 0, 0x20_0000);
      for (int i = 0; i < registers.size(); i++) {
        cpu.x[i] = registers.get(i);
      }
      try {
        p.supervisorCall(cpu, number);
        assertTrue(cpu.x[0] >= 0 && cpu.x[0] <= 0xffff_ffffL || number == 0x1e, "W0 " + cpu.x[0]);
      } catch (GuestExit expected) {
        assertTrue(expected.termination() != null);
      }
    }
  }

  @Provide
  Arbitrary<Integer> svcNumber() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            0x01, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0b, 0x16, 0x18, 0x1a, 0x1b, 0x1e, 0x1f, 0x21,
            0x26, 0x27, 0x29),
        Arbitraries.integers().between(0, 0xff));
  }
}
