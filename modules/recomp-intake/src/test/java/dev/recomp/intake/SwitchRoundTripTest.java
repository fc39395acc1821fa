package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Any module our packer lays out reads back, as NRO and as NSO, with what was packed. */
class SwitchRoundTripTest {
  record Spec(List<String> names, List<SwitchPacker.Rel> rels, int codeWords, int bss) {}

  @Property(tries = 150)
  void packedModulesReadBack(
      @ForAll("specs") Spec spec,
      @ForAll boolean compress,
      @ForAll @IntRange(min = 0, max = 2) int container)
      throws IntakeException {
    List<SwitchPacker.Sym> syms = new ArrayList<>();
    for (int i = 0; i < spec.names().size(); i++) {
      syms.add(new SwitchPacker.Sym(spec.names().get(i), 4L * i, 4));
    }
    SwitchPacker.Module m =
        SwitchPacker.module(new byte[4 * spec.codeWords()], syms, spec.rels(), spec.bss());
    GuestImage image =
        switch (container) {
          case 0 -> NroReader.read("m.nro", SwitchPacker.nro(m, new byte[0])).image();
          case 1 -> NsoReader.read("m.nso", SwitchPacker.nso(m, compress, true));
          default -> Images.read("m", SwitchPacker.nso(m, compress, false));
        };
    assertEquals(spec.names(), image.symbols().stream().map(Symbol::name).toList());
    assertEquals(m.data().length + (long) spec.bss(), image.segments().get(2).memSize());
    // The packer puts DT_RELA entries first, then DT_JMPREL ones, each patching the next slot.
    List<SwitchPacker.Rel> order =
        new ArrayList<>(spec.rels().stream().filter(r -> !r.plt()).toList());
    order.addAll(spec.rels().stream().filter(SwitchPacker.Rel::plt).toList());
    assertEquals(order.size(), image.relocations().size());
    for (int i = 0; i < order.size(); i++) {
      SwitchPacker.Rel want = order.get(i);
      Relocation got = image.relocations().get(i);
      assertEquals(want.type(), got.type());
      assertEquals(m.slotsAt() + 8L * i, got.offset());
      assertEquals(want.addend(), got.addend());
      assertEquals(
          want.symbol() == 0 ? Optional.empty() : Optional.of(spec.names().get(want.symbol() - 1)),
          got.symbol().map(Symbol::name));
    }
  }

  @Provide
  Arbitrary<Spec> specs() {
    Arbitrary<List<String>> names =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).list().ofMaxSize(20);
    return names.flatMap(
        n -> {
          Arbitrary<SwitchPacker.Rel> rel =
              Combinators.combine(
                      Arbitraries.of(
                          RelocationType.RELATIVE,
                          RelocationType.ABS64,
                          RelocationType.GLOB_DAT,
                          RelocationType.JUMP_SLOT),
                      Arbitraries.integers().between(0, n.size()),
                      Arbitraries.longs(),
                      Arbitraries.of(true, false))
                  .as(SwitchPacker.Rel::new);
          return Combinators.combine(
                  Arbitraries.just(n),
                  rel.list().ofMaxSize(40),
                  Arbitraries.integers().between(0, 2000),
                  Arbitraries.integers().between(0, 0x100000))
              .as(Spec::new);
        });
  }
}
