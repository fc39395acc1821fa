package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Same functions in, byte-identical classes out, whatever order the functions come in. */
class DeterminismTest {

  @Property(tries = 50)
  void compilingTwiceGivesIdenticalClasses(@ForAll long seed) {
    List<GuestFunction> functions = RandomProgram.functions(seed, true);
    List<GuestFunction> reversed = new ArrayList<>(functions);
    Collections.reverse(reversed);
    List<JvmBackend.GeneratedClass> first = JvmBackend.compile(functions);
    List<JvmBackend.GeneratedClass> second = JvmBackend.compile(reversed);
    assertEquals(
        first.stream().map(JvmBackend.GeneratedClass::name).toList(),
        second.stream().map(JvmBackend.GeneratedClass::name).toList());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).bytes(), second.get(i).bytes(), first.get(i).name());
    }
  }
}
