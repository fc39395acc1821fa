package dev.recomp.lift.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.lift.analysis.Analysis;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.runtime.RuntimeAbi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jars {@code recomp compile} writes, run the way a user runs them: {@code java -jar app.jar
 * ARGS} in a JVM with nothing else on its class path, an empty environment and a fresh working
 * directory, as the qemu goldens were recorded. Also: the bytes are reproducible and the launcher
 * refuses a jar built for another runtime ABI.
 */
class AppJarTest {
  private static final Path ROOT = FixtureRun.ROOT;

  @TempDir Path dir;

  private static byte[] jar(String binary) throws Exception {
    Path file = ROOT.resolve("fixtures/bin").resolve(binary);
    byte[] bytes = Files.readAllBytes(file);
    GuestImage image = Images.read(binary, bytes);
    LiftedProgram lifted = LiftedProgram.lift(image, Analysis.analyze(image, TitleConfig.empty()));
    return AppJar.bytes(binary, bytes, lifted.compile());
  }

  private record Outcome(int status, String stdout, String stderr) {}

  private Outcome javaJar(Path jar, List<String> args, Path stdin, Path cwd) throws Exception {
    return java(List.of(), jar, args, stdin, cwd);
  }

  private Outcome java(List<String> jvmOptions, Path jar, List<String> args, Path stdin, Path cwd)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(cwd.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(stdin == null ? Path.of("/dev/null").toFile() : stdin.toFile());
    builder.environment().clear();
    Process p = builder.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("java -jar " + jar + " did not finish in 120 s");
    }
    return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny", "hello-musl-O2", "args-musl-O2", "wc-musl-O2", "files-musl-O2"})
  void javaJarBehavesLikeQemu(String name) throws Exception {
    FixtureRun run = FixtureRun.of(name);
    Path jar = dir.resolve(run.binary() + ".jar");
    Files.write(jar, jar(run.binary()));
    Path cwd = Files.createDirectories(dir.resolve("cwd-" + name));
    Outcome o = javaJar(jar, run.args(), run.stdin(), cwd);
    assertEquals(run.golden("stdout"), o.stdout());
    assertEquals(run.golden("stderr"), o.stderr());
    assertEquals(run.goldenExit(), o.status());
  }

  /**
   * The JDK's AOT cache (docs/performance.md) recorded with the jar's relative path, then used with
   * its absolute one: the classes then come from the cache without a code source location, which
   * the launcher once needed to find its jar.
   */
  @Test
  void runsFromAnAotCacheRecordedUnderAnotherSpellingOfItsPath() throws Exception {
    FixtureRun run = FixtureRun.of("hello-musl-O2");
    Path jar = dir.resolve("hello.jar");
    Files.write(jar, jar(run.binary()));
    Outcome training =
        java(List.of("-XX:AOTCacheOutput=hello.aot"), Path.of("hello.jar"), run.args(), null, dir);
    // The JVM reports the cache's creation on stdout after the guest's output.
    assertTrue(training.stdout().startsWith(run.golden("stdout")), training.stderr());
    assertTrue(Files.size(dir.resolve("hello.aot")) > 0);
    Outcome cached =
        java(
            List.of("-XX:AOTCache=" + dir.resolve("hello.aot"), "-XX:AOTMode=on"),
            jar.toAbsolutePath(),
            run.args(),
            null,
            Files.createDirectories(dir.resolve("elsewhere")));
    assertEquals(run.golden("stdout"), cached.stdout(), cached.stderr());
    assertEquals(run.goldenExit(), cached.status(), cached.stderr());
  }

  @Test
  void compilingTwiceGivesTheSameBytes() throws Exception {
    assertArrayEquals(jar("hello-musl-O2"), jar("hello-musl-O2"));
  }

  @Test
  void theGuestBinaryIsStoredUncompressed() throws Exception {
    byte[] binary = Files.readAllBytes(ROOT.resolve("fixtures/bin/hello-musl-O2"));
    try (JarInputStream in =
        new JarInputStream(new java.io.ByteArrayInputStream(jar("hello-musl-O2")))) {
      for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
        if (e.getName().equals(AppJar.GUEST_ENTRY)) {
          assertEquals(java.util.zip.ZipEntry.STORED, e.getMethod());
          assertArrayEquals(binary, in.readAllBytes());
          return;
        }
      }
    }
    throw new AssertionError("no " + AppJar.GUEST_ENTRY + " in the jar");
  }

  @Test
  void theManifestNamesTheGuestAndTheAbi() throws Exception {
    try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar("tiny")))) {
      Attributes main = in.getManifest().getMainAttributes();
      assertEquals(AppMain.class.getName(), main.getValue(Attributes.Name.MAIN_CLASS));
      assertEquals("tiny", main.getValue(AppJar.GUEST_NAME_ATTRIBUTE));
      assertEquals(
          Integer.toString(RuntimeAbi.VERSION), main.getValue(RuntimeAbi.MANIFEST_ATTRIBUTE));
      assertEquals(
          Images.read(ROOT.resolve("fixtures/bin/tiny")).sha256(),
          main.getValue(AppJar.GUEST_SHA256_ATTRIBUTE));
    }
  }

  @Test
  void aJarBuiltForAnotherAbiIsRefusedInOneLine() throws Exception {
    Path jar = dir.resolve("old.jar");
    Files.write(
        jar,
        rewrite(
            jar("tiny"),
            m ->
                m.getMainAttributes()
                    .putValue(
                        RuntimeAbi.MANIFEST_ATTRIBUTE, Integer.toString(RuntimeAbi.VERSION + 1))));
    Outcome o = javaJar(jar, List.of(), null, dir);
    assertEquals(AppMain.LAUNCH_FAILURE, o.status(), o.stderr());
    assertEquals(1, o.stderr().lines().count(), o.stderr());
    assertTrue(o.stderr().contains("runtime ABI " + (RuntimeAbi.VERSION + 1)), o.stderr());
  }

  @Test
  void aMalformedGuestDigestIsRefusedInOneLine() throws Exception {
    Path jar = dir.resolve("digest.jar");
    Files.write(
        jar,
        rewrite(
            jar("tiny"),
            m -> m.getMainAttributes().putValue(AppJar.GUEST_SHA256_ATTRIBUTE, "not-a-digest")));
    Outcome o = javaJar(jar, List.of(), null, dir);
    assertEquals(AppMain.LAUNCH_FAILURE, o.status(), o.stderr());
    assertEquals(
        "recomp: tiny: SHA-256 'not-a-digest' is not 64 lower-case hex digits", o.stderr().strip());
  }

  @Test
  void unknownRuntimeOptionIsRefusedInOneLine() throws Exception {
    Path jar = dir.resolve("tiny.jar");
    Files.write(jar, jar("tiny"));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put(GuestLauncher.OPTIONS_VARIABLE, "summary bogus");
    Process p = builder.start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(AppMain.LAUNCH_FAILURE, p.waitFor());
    assertEquals(
        "recomp: RECOMP_OPTS: unknown option 'bogus' (known: summary, deterministic, strict,"
            + " root=DIR, trace=FILE)",
        output.strip());
  }

  @Test
  void optionsParse() {
    GuestLauncher.Options o =
        GuestLauncher.Options.parse("  summary   root=/tmp/x trace=t.json deterministic strict");
    assertTrue(o.summary() && o.deterministic() && o.strictSyscalls());
    assertEquals(Path.of("/tmp/x"), o.sandboxRoot().orElseThrow());
    assertEquals(Path.of("t.json"), o.traceFile().orElseThrow());
    assertEquals(GuestLauncher.Options.NONE, GuestLauncher.Options.parse(""));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> GuestLauncher.Options.parse("root="));
    assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
  }

  private interface ManifestEdit {
    void apply(Manifest m);
  }

  private static byte[] rewrite(byte[] jar, ManifestEdit edit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
      Manifest m = in.getManifest();
      edit.apply(m);
      try (JarOutputStream o = new JarOutputStream(out, m)) {
        for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
          o.putNextEntry(new JarEntry(e.getName()));
          in.transferTo(o);
          o.closeEntry();
        }
      }
    }
    return out.toByteArray();
  }
}
