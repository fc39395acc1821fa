package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's arm64 busybox {@code sh -c} recompiled, against qemu-aarch64 running the same binary:
 * pipelines, command substitution, subshells and a recursive shell function feeding {@code $(…)}
 * fork guest processes inside the JVM; stdout and exit status must be identical.
 */
@Tag("differential")
class ShellDifferentialTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "seq 1000 | sort -rn | head -5",
        "x=$(echo hello; echo world); echo \"$x\" | tr a-z A-Z; echo ${#x}",
        "(cd /; pwd; exit 3); echo \"subshell status $?\"; (exit 7) || echo failed $?",
        "f() { if [ $1 -le 0 ]; then echo 0; else echo $(( $1 + $(f $(( $1 - 1 ))) )); fi; };"
            + " echo sum=$(f 12)",
        "for i in 1 2 3; do echo $i | (read v; echo got $v); done | wc -l; false; echo $?"
      })
  void matchesQemu(String script) throws Exception {
    Path work = Files.createTempDirectory("recomp-sh");
    List<String> args = List.of("sh", "-c", script);
    Busybox.Outcome expected = Busybox.qemu(args, new byte[0], work);
    Busybox.Outcome actual = Busybox.recompiled(args, new byte[0], work);
    assertEquals(expected.stdout(), actual.stdout(), actual.stderr());
    assertEquals(expected.status(), actual.status(), actual.stderr());
  }
}
