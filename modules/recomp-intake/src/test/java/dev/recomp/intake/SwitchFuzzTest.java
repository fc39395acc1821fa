package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * For any input, every Switch reader returns a value or throws a one-line {@link IntakeException}:
 * packed fixtures and the real NRO, truncated anywhere or with words overwritten in their first 4
 * KiB (headers, MOD0, dynamic tables of the small fixtures), and random bytes.
 */
class SwitchFuzzTest {
  interface Reader {
    void read(String name, byte[] bytes) throws IntakeException;
  }

  record Format(String name, byte[] bytes, Reader reader) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Edit(int offset, long value, boolean word) {}

  static List<Format> all() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("main", SwitchPacker.nso(SwitchFormatsTest.module(), true, true));
    files.put("main.npdm", SwitchPacker.npdm("Application", 7, 1));
    return List.of(
        new Format("packed.nro", SwitchFormatsTest.packedNro(), NroReader::read),
        new Format("real.nro", Fixtures.bytes(Fixtures.realNro()), NroReader::read),
        new Format(
            "packed.nso",
            SwitchPacker.nso(SwitchFormatsTest.module(), true, true),
            NsoReader::read),
        new Format(
            "plain.nso",
            SwitchPacker.nso(SwitchFormatsTest.module(), false, true),
            NsoReader::read),
        new Format("packed.nsp", SwitchPacker.pfs0(files), Pfs0::read),
        new Format(
            "packed.romfs",
            SwitchPacker.romfs(
                new TreeMap<>(Map.of("a", new byte[3], "d/b", new byte[5], "d/c", new byte[1]))),
            RomFs::read),
        new Format("main.npdm", SwitchPacker.npdm("Application", 7, 1), Npdm::read),
        new Format("control.nacp", SwitchPacker.nacp("t", "p", "1"), Nacp::read));
  }

  private static void readsOrFailsCleanly(Format f, byte[] bytes) {
    try {
      f.reader().read(f.name(), bytes);
    } catch (IntakeException e) {
      assertTrue(Corrupt.isOneLineNaming(e, f.name()), e.getMessage());
    }
  }

  @Property(tries = 400)
  void truncated(@ForAll("formats") Format f, @ForAll("fractions") double at) {
    readsOrFailsCleanly(f, new Corrupt(f.bytes()).truncated((int) (f.bytes().length * at)));
  }

  @Property(tries = 1000)
  void mutated(@ForAll("formats") Format f, @ForAll("edits") List<Edit> edits) {
    Corrupt c = new Corrupt(f.bytes());
    int span = Math.min(f.bytes().length, 0x4000);
    for (Edit e : edits) {
      int at = Math.floorMod(e.offset(), span);
      if (e.word() && at + 8 <= f.bytes().length) {
        c.u64(at & ~7, e.value());
      } else {
        c.u8(at, (int) e.value());
      }
    }
    readsOrFailsCleanly(f, c.bytes());
  }

  @Property(tries = 300)
  void randomBytes(@ForAll("formats") Format f, @ForAll @Size(max = 2048) byte[] tail) {
    // Keep the format's magic so the reader gets past its first check.
    byte[] bytes = new byte[Math.max(0x20, tail.length)];
    System.arraycopy(tail, 0, bytes, 0, tail.length);
    System.arraycopy(f.bytes(), 0, bytes, 0, 0x14);
    readsOrFailsCleanly(f, bytes);
  }

  @Provide
  Arbitrary<Format> formats() {
    return Arbitraries.of(all());
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
            Arbitraries.of(0L, 1L, -1L, 0xffffffffL, 0x7fffffffL, Long.MIN_VALUE));
    return Combinators.combine(
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            values,
            Arbitraries.of(true, false))
        .as(Edit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }
}
