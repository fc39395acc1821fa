package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.RelocationType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The initial stack our loader builds, compared field by field with what qemu-aarch64 -cpu
 * cortex-a53 gave the same binary (fixtures/runtime/*.qemu.txt, recorded by
 * scripts/record-initial-stack.sh).
 */
class LoaderTest {
  private static final List<String> ARGV = List.of("./stackdump", "x", "y z");
  private static final List<String> ENV = List.of("A=1", "BB=two");

  static LinuxProcess load(String fixture, List<String> argv) throws Exception {
    GuestImage image = Fixtures.image(fixture);
    LinuxConfig config =
        LinuxConfig.builder(argv)
            .env(ENV)
            .deterministic(1)
            .stdio(
                new java.io.ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                new ByteArrayOutputStream())
            .diagnostics(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build();
    return LinuxLoader.load(image, config, fixture);
  }

  /**
   * What stackdump.c prints, computed from our guest memory instead of by running the program: the
   * same walk over argc, argv, envp and auxv.
   */
  static List<String> dump(LinuxProcess p) {
    GuestMemory m = p.memory();
    long sp = p.mainThread().sp;
    List<String> out = new ArrayList<>();
    long argc = m.load64(sp);
    out.add("argc " + argc);
    long at = sp + 8;
    for (int i = 0; i <= argc; i++, at += 8) {
      long ptr = m.load64(at);
      out.add("argv " + i + " " + (ptr != 0 ? "ptr " + string(m, ptr) : "null "));
    }
    for (long ptr; (ptr = m.load64(at)) != 0; at += 8) {
      out.add("envp " + string(m, ptr));
    }
    at += 8;
    out.add("auxv-offset " + (at - sp));
    Map<Long, String> names = AUX_NAMES;
    for (long type; (type = m.load64(at)) != 0; at += 16) {
      long v = m.load64(at + 8);
      String name = names.getOrDefault(type, "AT_UNKNOWN");
      if (type == 15 || type == 31) {
        out.add("aux " + name + " string " + string(m, v));
      } else if (type == 25) {
        out.add("aux " + name + " above-sp " + (Long.compareUnsigned(v, sp) > 0 ? 1 : 0));
      } else {
        out.add("aux " + name + " 0x" + Long.toHexString(v));
      }
    }
    out.add("sp-mod-16 " + Long.remainderUnsigned(sp, 16));
    return out;
  }

  private static final Map<Long, String> AUX_NAMES =
      Map.ofEntries(
          Map.entry(3L, "AT_PHDR"),
          Map.entry(4L, "AT_PHENT"),
          Map.entry(5L, "AT_PHNUM"),
          Map.entry(6L, "AT_PAGESZ"),
          Map.entry(7L, "AT_BASE"),
          Map.entry(8L, "AT_FLAGS"),
          Map.entry(9L, "AT_ENTRY"),
          Map.entry(11L, "AT_UID"),
          Map.entry(12L, "AT_EUID"),
          Map.entry(13L, "AT_GID"),
          Map.entry(14L, "AT_EGID"),
          Map.entry(15L, "AT_PLATFORM"),
          Map.entry(16L, "AT_HWCAP"),
          Map.entry(17L, "AT_CLKTCK"),
          Map.entry(23L, "AT_SECURE"),
          Map.entry(25L, "AT_RANDOM"),
          Map.entry(26L, "AT_HWCAP2"),
          Map.entry(31L, "AT_EXECFN"),
          Map.entry(33L, "AT_SYSINFO_EHDR"),
          Map.entry(51L, "AT_MINSIGSTKSZ"));

  private static String string(GuestMemory m, long ptr) {
    return new String(m.readCString(ptr, 4096), StandardCharsets.UTF_8);
  }

  /**
   * Compares with the qemu recording. Differences that are legitimate and therefore normalized: the
   * environment order (qemu-user hands envp over in reverse; Linux keeps execve's order), the ids
   * (both report the host user running them), and the PIE load address (qemu puts a static PIE at
   * 0x5500000000, we at {@link LinuxLoader#PIE_BASE}).
   */
  @ParameterizedTest
  @ValueSource(strings = {"stackdump", "stackdump-pie"})
  void initialStackMatchesQemuFieldByField(String name) throws Exception {
    List<String> argv = List.of("./" + name, "x", "y z");
    List<String> expected =
        Files.readAllLines(Fixtures.path("fixtures/runtime/" + name + ".qemu.txt"));
    try (LinuxProcess p = load("fixtures/runtime/" + name, argv)) {
      List<String> actual = dump(p);
      long qemuBias = name.endsWith("pie") ? 0x5500000000L : 0;
      long ourBias = p.layout().loadBias();
      assertEquals(normalize(expected, qemuBias), normalize(actual, ourBias));
      assertEquals(p.mainThread().pc, p.layout().entry());
    }
  }

  static List<String> normalize(List<String> lines, long bias) {
    List<String> out = new ArrayList<>();
    List<String> env = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ", 3);
      if (f[0].equals("envp")) {
        env.add(line);
        continue;
      }
      if (f[0].equals("aux") && f[1].matches("AT_(E?UID|E?GID)")) {
        out.add("aux " + f[1] + " <host id>");
      } else if (f[0].equals("aux") && f[1].matches("AT_(PHDR|ENTRY)")) {
        out.add("aux " + f[1] + " bias+0x" + Long.toHexString(Long.decode(f[2]) - bias));
      } else {
        out.add(line);
      }
    }
    env.sort(null);
    out.addAll(1 + 4, env);
    return out;
  }

  @Test
  void identityAuxEntriesCarryTheConfiguredIds() throws Exception {
    try (LinuxProcess p =
        LinuxLoader.load(
            Fixtures.image("fixtures/runtime/stackdump"),
            LinuxConfig.builder(ARGV).identity(1234, 567).build(),
            "stackdump")) {
      List<String> lines = dump(p);
      assertTrue(lines.contains("aux AT_UID 0x4d2"), lines.toString());
      assertTrue(lines.contains("aux AT_EGID 0x237"), lines.toString());
    }
  }

  @Test
  void segmentsAreMappedWithTheirPermissions() throws Exception {
    GuestImage image = Fixtures.image("fixtures/bin/hello-musl-O2");
    try (LinuxProcess p = load("fixtures/bin/hello-musl-O2", List.of("hello"))) {
      GuestMemory m = p.memory();
      for (var s : image.segments()) {
        int prot = m.protectionAt(s.address());
        assertEquals(s.permissions().execute(), (prot & GuestMemory.PROT_EXEC) != 0, s.name());
        assertEquals(s.permissions().write(), (prot & GuestMemory.PROT_WRITE) != 0, s.name());
        byte[] file = s.bytes();
        assertEquals(file[0] & 0xff, m.load8(s.address()));
        assertEquals(file[file.length - 1] & 0xff, m.load8(s.address() + file.length - 1));
        if (s.memSize() > s.fileSize()) {
          assertEquals(0, m.load8(s.address() + s.memSize() - 1), "bss is zero");
        }
      }
      MemoryLayout l = p.layout();
      assertEquals(0, l.loadBias());
      assertEquals(GuestMemory.pageAlignUp(l.imageEnd()), l.brkStart());
      assertTrue(l.brkLimit() <= l.mmapLow() && l.mmapTop() < l.stackLow());
      assertEquals(CpuState.Z, p.mainThread().nzcv);
      assertEquals(0, p.mainThread().x[0]);
      assertEquals(0, p.mainThread().tpidrEl0, "TLS is the guest libc's job");
      assertThrows(GuestFault.class, () -> m.store64(image.entry(), 0), "text is read-only");
    }
  }

  @Test
  void staticPieIsRelocatedAndIrelativeSlotsAreListed() throws Exception {
    GuestImage image = Fixtures.image("fixtures/runtime/stackdump-pie");
    try (LinuxProcess p = load("fixtures/runtime/stackdump-pie", List.of("pie"))) {
      long bias = p.layout().loadBias();
      assertEquals(LinuxLoader.PIE_BASE, bias);
      var relative =
          image.relocations().stream().filter(r -> r.type() == RelocationType.RELATIVE).toList();
      assertFalse(relative.isEmpty());
      for (var r : relative) {
        assertEquals(bias + r.addend(), p.memory().load64(bias + r.offset()));
      }
      var irelative =
          image.relocations().stream().filter(r -> r.type() == RelocationType.IRELATIVE).toList();
      assertFalse(irelative.isEmpty(), "glibc static PIE has IFUNCs");
      assertEquals(irelative.size(), p.irelativeSlots().size());
      for (int i = 0; i < irelative.size(); i++) {
        assertEquals(bias + irelative.get(i).offset(), p.irelativeSlots().get(i).slot());
        assertEquals(bias + irelative.get(i).addend(), p.irelativeSlots().get(i).resolver());
        assertNotEquals(
            0,
            p.memory().protectionAt(p.irelativeSlots().get(i).resolver()) & GuestMemory.PROT_EXEC);
      }
    }
  }

  @Test
  void deterministicRandomBytesAreSeeded() throws Exception {
    try (LinuxProcess a = load("fixtures/runtime/stackdump", ARGV);
        LinuxProcess b = load("fixtures/runtime/stackdump", ARGV)) {
      assertEquals(List.of(randomBytes(a)), List.of(randomBytes(b)));
      assertEquals(a.mainThread().sp, b.mainThread().sp);
    }
  }

  private static String randomBytes(LinuxProcess p) {
    GuestMemory m = p.memory();
    long at = p.mainThread().sp + 8 * (1 + 4 + 3);
    for (long type; (type = m.load64(at)) != 0; at += 16) {
      if (type == 25) {
        return java.util.HexFormat.of().formatHex(m.read(m.load64(at + 8), 16));
      }
    }
    throw new AssertionError("no AT_RANDOM");
  }

  @Test
  void nonElfAndTooSmallSpacesAreClearErrors() throws Exception {
    GuestImage elf = Fixtures.image("fixtures/bin/hello-musl-O2");
    LoadException tooSmall =
        assertThrows(
            LoadException.class,
            () ->
                LinuxLoader.load(
                    elf, LinuxConfig.builder(ARGV).addressSpaceSize(12L << 20).build(), "hello"));
    assertTrue(tooSmall.getMessage().startsWith("hello: image 0x"), tooSmall.getMessage());
    GuestImage noPhdrs =
        new GuestImage(
            elf.format(),
            elf.type(),
            elf.entry(),
            elf.segments(),
            elf.sections(),
            elf.symbols(),
            elf.relocations(),
            elf.tls(),
            elf.programHeaders(),
            Optional.empty(),
            elf.buildId(),
            elf.mod0(),
            elf.sha256(),
            elf.fileSize());
    LoadException e =
        assertThrows(
            LoadException.class,
            () -> LinuxLoader.load(noPhdrs, LinuxConfig.builder(ARGV).build(), "x"));
    assertTrue(e.getMessage().contains("AT_PHDR"), e.getMessage());
  }

  @Test
  void loadingHelloInAFourGibSpaceKeepsResidentMemorySmall() throws Exception {
    long before = ResidentMemoryTest.residentBytes();
    try (LinuxProcess p = load("fixtures/bin/hello-glibc-O2", List.of("hello"))) {
      assertEquals(4L << 30, p.memory().size());
      long grown = ResidentMemoryTest.residentBytes() - before;
      assertTrue(grown < 64L << 20, "resident memory grew by " + (grown >> 20) + " MiB");
    }
  }
}
