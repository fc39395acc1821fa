package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * For any input the ELF reader returns an image or throws a one-line {@link IntakeException}; no
 * other exception escapes. Inputs: real fixtures truncated anywhere, real fixtures with bytes and
 * 64-bit words overwritten in their headers and tables, and random bytes behind a valid ident.
 */
class ElfReaderFuzzTest {
  private static final List<String> SOURCES =
      List.of("tiny", "hello-musl-O2", "hello-glibc-static-pie");

  record Edit(int offset, long value, boolean word) {}

  private static void readsOrFailsCleanly(String name, byte[] bytes) {
    try {
      ElfReader.read(name, bytes);
    } catch (IntakeException e) {
      assertTrue(Corrupt.isOneLineNaming(e, name), e.getMessage());
    }
  }

  @Property(tries = 300)
  void truncatedFixtures(@ForAll("sources") String name, @ForAll("fractions") double at) {
    byte[] bytes = Fixtures.bytes(Fixtures.elf(name));
    readsOrFailsCleanly(name, new Corrupt(bytes).truncated((int) (bytes.length * at)));
  }

  @Property(tries = 600)
  void mutatedFixtures(@ForAll("sources") String name, @ForAll("edits") List<Edit> edits) {
    Corrupt c = new Corrupt(Fixtures.bytes(Fixtures.elf(name)));
    int length = c.bytes().length;
    long shoff = c.u64(40);
    long phoff = c.u64(32);
    for (Edit e : edits) {
      // Aim at the structures the reader trusts: ELF header, program headers, section headers.
      long base =
          switch (Math.floorMod(e.offset(), 3)) {
            case 0 -> 0;
            case 1 -> phoff;
            default -> shoff;
          };
      int at = (int) Math.min(length - 8, base + Math.floorMod(e.offset() / 3, 64 * 40));
      if (e.word()) {
        c.u64(at & ~7, e.value());
      } else {
        c.u8(at, (int) e.value());
      }
    }
    readsOrFailsCleanly(name, c.bytes());
  }

  @Property(tries = 500)
  void randomBytesBehindAValidIdent(@ForAll @Size(max = 4096) byte[] tail) {
    byte[] bytes = new byte[20 + tail.length];
    byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, (byte) 183, 0};
    System.arraycopy(ident, 0, bytes, 0, ident.length);
    System.arraycopy(tail, 0, bytes, ident.length, tail.length);
    readsOrFailsCleanly("random", bytes);
  }

  @Property(tries = 200)
  void randomBytes(@ForAll @Size(max = 1024) byte[] bytes) {
    readsOrFailsCleanly("random", bytes);
  }

  @Provide
  Arbitrary<String> sources() {
    return Arbitraries.of(SOURCES);
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    Arbitrary<Long> values =
        Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(0, 0x10000),
            Arbitraries.of(0L, 1L, -1L, 0xffffL, 0x7fffffffL, 0xffffffffL, Long.MIN_VALUE));
    return Combinators.combine(
            Arbitraries.integers().between(0, 1 << 20), values, Arbitraries.of(true, false))
        .as(Edit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(12);
  }
}
