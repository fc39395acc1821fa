package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Debian's arm64 busybox-static compiled once, its applets run recompiled and under qemu-aarch64 on
 * the same inputs: stdout, stderr and exit status must be identical. Each side works in its own
 * copy of the same directory: the fixture text, 100,000 generated numbers, a three-column table and
 * a small tree of files with fixed modification times.
 */
@Tag("differential")
class BusyboxAppletsDifferentialTest {
  private static final Path ROOT = Path.of(System.getProperty("recomp.repo.root", "../.."));

  @TempDir Path dir;

  static Stream<Arguments> applets() {
    return Stream.of(
        applet("echo", "", "echo", "-n", "a  b", "c"),
        applet("cat", "", "cat", "words.txt"),
        applet("wc", "", "wc", "words.txt", "numbers.txt"),
        applet("sort", "", "sort", "words.txt"),
        applet("sort -n 100k lines", "", "sort", "-n", "numbers.txt"),
        applet("uniq -c", "", "sh", "-c", "sort words.txt | uniq -c"),
        applet("head", "", "head", "-n", "5", "numbers.txt"),
        applet("tail", "", "tail", "-n", "7", "numbers.txt"),
        applet("cut", "", "cut", "-d", " ", "-f", "2,3", "table.txt"),
        applet("tr", "Hello, World\n", "tr", "a-z", "A-Z"),
        applet("sed", "", "sed", "-e", "s/a\\(l*\\)pha/<\\1>/g", "-e", "3q", "words.txt"),
        applet("grep", "", "grep", "-n", "-i", "-E", "qemu|JVM", "words.txt"),
        applet(
            "awk", "", "awk", "{ s += $3; n[$2]++ } END { print s, NR, length(n) }", "table.txt"),
        applet("expr", "", "expr", "6", "*", "7"),
        applet("seq", "", "seq", "3", "7", "100"),
        applet("md5sum", "", "md5sum", "words.txt", "numbers.txt"),
        applet("sha1sum", "", "sha1sum", "words.txt"),
        applet("sha256sum", "", "sha256sum", "words.txt", "numbers.txt"),
        applet("sha512sum", "", "sha512sum", "words.txt"),
        applet(
            "gzip | gunzip round trip",
            "",
            "sh",
            "-c",
            "gzip -c numbers.txt | gunzip -c | md5sum; gzip -c words.txt | md5sum"),
        applet(
            "bzip2",
            "",
            "sh",
            "-c",
            "bzip2 -c words.txt | md5sum; bzip2 -c words.txt | bzip2 -dc | md5sum"),
        applet(
            "base64",
            "",
            "sh",
            "-c",
            "base64 words.txt | head -3; base64 words.txt | base64 -d | md5sum"),
        applet("od", "", "od", "-A", "x", "-t", "x1z", "-N", "64", "words.txt"),
        applet("tar c", "", "sh", "-c", "tar cf - tree | md5sum"),
        applet(
            "tar x",
            "",
            "sh",
            "-c",
            "tar cf t.tar tree && mkdir out && tar xf t.tar -C out && find out | sort && cat out/tree/b/c.txt"),
        applet("ls", "", "ls", "-l", "-R", "tree"),
        applet(
            "sh arithmetic and loops",
            "",
            "sh",
            "-c",
            "i=0; s=0; while [ $i -lt 200 ]; do s=$(( s + i * i % 7 )); i=$((i + 1)); done;"
                + " for w in a b c; do printf '%s-' $w; done; echo $s $(( (1 << 40) / 3 ))"),
        applet("dc", "2 100 ^ p 10 k 2 v p 7 3 / p\n", "dc"),
        applet("bc -l", "scale=30; 4*a(1); e(1); l(10); s(1)/c(1); 2^100\n", "bc", "-l"));
  }

  private static Arguments applet(String name, String stdin, String... args) {
    return Arguments.of(name, stdin, List.of(args));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("applets")
  void matchesQemu(String name, String stdin, List<String> args) throws Exception {
    byte[] input = stdin.getBytes(StandardCharsets.UTF_8);
    Path forQemu = workspace(dir.resolve("qemu"));
    Path forUs = workspace(dir.resolve("recompiled"));
    Busybox.Outcome expected = Busybox.qemu(args, input, forQemu);
    Busybox.Outcome actual = Busybox.recompiled(args, input, forUs);
    assertEquals(expected.stdout(), actual.stdout(), name + ": stdout");
    assertEquals(expected.stderr(), actual.stderr(), name + ": stderr");
    assertEquals(expected.status(), actual.status(), name + ": exit status");
  }

  /** The inputs, identical (contents and times) in every copy. */
  private static Path workspace(Path at) throws IOException {
    Files.createDirectories(at.resolve("tree/b"));
    Files.copy(ROOT.resolve("fixtures/input/words.txt"), at.resolve("words.txt"));
    StringBuilder numbers = new StringBuilder();
    StringBuilder table = new StringBuilder();
    long x = 12345;
    for (int i = 0; i < 100_000; i++) {
      x = (x * 6364136223846793005L + 1442695040888963407L);
      numbers.append((x >>> 33) % 1_000_000 - 500_000).append('\n');
      if (i < 500) {
        table.append(i).append(' ').append("k").append((x >>> 40) % 13).append(' ');
        table.append((x >>> 20) % 1000).append('\n');
      }
    }
    Files.writeString(at.resolve("numbers.txt"), numbers);
    Files.writeString(at.resolve("table.txt"), table);
    Files.writeString(at.resolve("tree/a.txt"), "alpha\n");
    Files.writeString(at.resolve("tree/b/c.txt"), "gamma\ndelta\n");
    FileTime fixed = FileTime.fromMillis(1_600_000_000_000L);
    // gzip stores its input's modification time, and two copies may be made in different seconds.
    for (String p :
        new String[] {
          "words.txt", "numbers.txt", "table.txt", "tree/a.txt", "tree/b/c.txt", "tree/b", "tree"
        }) {
      Files.setLastModifiedTime(at.resolve(p), fixed);
    }
    return at;
  }
}
