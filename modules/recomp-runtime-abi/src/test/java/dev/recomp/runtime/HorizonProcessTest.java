package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.Relocation;
import dev.recomp.intake.RelocationType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Horizon personality without recompiled code: the loader's result for the committed NRO/NSO
 * fixture, and each SVC called directly on the main thread's registers with the values and result
 * codes switchbrew documents.
 */
class HorizonProcessTest {
  static final int SET_HEAP_SIZE = 0x01;
  static final int MAP_MEMORY = 0x04;
  static final int UNMAP_MEMORY = 0x05;
  static final int QUERY_MEMORY = 0x06;
  static final int EXIT_PROCESS = 0x07;
  static final int GET_SYSTEM_TICK = 0x1e;
  static final int CONNECT_TO_NAMED_PORT = 0x1f;
  static final int SEND_SYNC_REQUEST = 0x21;
  static final int BREAK = 0x26;
  static final int OUTPUT_DEBUG_STRING = 0x27;
  static final int GET_INFO = 0x29;
  static final long CUR_PROCESS = 0xffff8001L;
  static final long HEAP = HorizonLoader.HEAP_REGION;
  static final long STACK = HorizonLoader.STACK_REGION;

  private final ByteArrayOutputStream debug = new ByteArrayOutputStream();
  private final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

  static GuestImage demo(String extension) throws Exception {
    return Images.read(Fixtures.path("fixtures/horizon/bin/demo." + extension));
  }

  HorizonProcess load(String extension) throws Exception {
    return HorizonLoader.load(
        demo(extension),
        HorizonConfig.builder()
            .debugOutput(debug)
            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
            .argv("demo.nro arg")
            .traceSvcs(true)
            .build(),
        "demo." + extension);
  }

  /** Calls SVC {@code number} with X0.. = {@code args} and returns W0 (the result). */
  static long svc(HorizonProcess p, int number, long... args) {
    CpuState cpu = p.mainThread();
    for (int i = 0; i < args.length; i++) {
      cpu.x[i] = args[i];
    }
    p.supervisorCall(cpu, number);
    return cpu.x[0];
  }

  @Test
  void nroStartsWithTheHomebrewAbi() throws Exception {
    try (HorizonProcess p = load("nro")) {
      CpuState cpu = p.mainThread();
      assertEquals(HorizonLoader.IMAGE_BASE, cpu.pc);
      assertEquals(HorizonLoader.LOADER_REGION, cpu.x[0]);
      assertEquals(-1L, cpu.x[1]);
      assertEquals(0, cpu.x[30]);
      assertEquals(HorizonLoader.STACK_REGION + HorizonLoader.STACK_REGION_SIZE, cpu.sp);
      assertEquals(HorizonLoader.TLS_REGION, cpu.tpidrroEl0);
      GuestMemory m = p.memory();
      // Loader config: {key, flags, value0, value1} entries up to EndOfList.
      List<Long> keys = new ArrayList<>();
      long at = cpu.x[0];
      long mainHandle = -1;
      String argv = null;
      String info = null;
      while (true) {
        long key = m.load32(at);
        keys.add(key);
        if (key == 1) {
          mainHandle = m.load64(at + 8);
          assertEquals(1, m.load32(at + 4), "MainThreadHandle is mandatory");
        } else if (key == 5) {
          argv = new String(m.readCString(m.load64(at + 16), 100), StandardCharsets.UTF_8);
        } else if (key == 0) {
          info =
              new String(m.read(m.load64(at + 8), (int) m.load64(at + 16)), StandardCharsets.UTF_8);
          break;
        }
        at += 24;
      }
      assertEquals(List.of(1L, 7L, 6L, 5L, 0L), keys);
      assertTrue(mainHandle > 0 && (mainHandle & 0x4000_0000L) == 0, "handle " + mainHandle);
      assertEquals("demo.nro arg", argv);
      assertTrue(info.startsWith("recomp"), info);
    }
  }

  @Test
  void nsoStartsWithTheMainThreadHandleInX1() throws Exception {
    try (HorizonProcess p = load("nso")) {
      CpuState cpu = p.mainThread();
      assertEquals(0, cpu.x[0]);
      assertTrue(cpu.x[1] > 0 && cpu.x[1] < 0x1_0000_0000L);
      assertEquals(HorizonLoader.IMAGE_BASE, cpu.pc);
    }
  }

  @Test
  void segmentsAreMappedWithTheirRightsAndRelocated() throws Exception {
    GuestImage image = demo("nro");
    try (HorizonProcess p = load("nro")) {
      GuestMemory m = p.memory();
      long base = HorizonLoader.IMAGE_BASE;
      assertEquals(GuestMemory.PROT_READ | GuestMemory.PROT_EXEC, m.protectionAt(base));
      assertEquals(GuestMemory.PROT_READ, m.protectionAt(base + 0x1000));
      assertEquals(GuestMemory.PROT_READ | GuestMemory.PROT_WRITE, m.protectionAt(base + 0x2000));
      List<Relocation> relative =
          image.relocations().stream().filter(r -> r.type() == RelocationType.RELATIVE).toList();
      assertEquals(8, relative.size());
      for (Relocation r : relative) {
        assertEquals(base + r.addend(), m.load64(base + r.offset()));
      }
      assertArrayEquals(
          image.segments().getFirst().bytes(),
          m.read(base, (int) image.segments().getFirst().fileSize()));
    }
  }

  /**
   * The packer's NSO (LZ4-compressed by its own compressor, read back through commons-compress)
   * holds the same segments as its NRO, except the NRO header the NRO carries at 0x10-0x80.
   */
  @Test
  void nroAndNsoCarryTheSameSegments() throws Exception {
    GuestImage nro = demo("nro");
    GuestImage nso = demo("nso");
    assertEquals(3, nso.segments().size());
    for (int i = 0; i < 3; i++) {
      byte[] a = nro.segments().get(i).bytes();
      byte[] b = nso.segments().get(i).bytes();
      if (i == 0) {
        java.util.Arrays.fill(a, 0x10, 0x80, (byte) 0);
      }
      assertArrayEquals(a, b, nro.segments().get(i).name());
      assertEquals(nro.segments().get(i).memSize(), nso.segments().get(i).memSize());
    }
    assertEquals(nro.relocations().size(), nso.relocations().size());
  }

  @Test
  void refusesAnElf() throws Exception {
    GuestImage elf = Fixtures.image("fixtures/bin/tiny");
    LoadException e =
        assertThrows(
            LoadException.class,
            () -> HorizonLoader.load(elf, HorizonConfig.builder().build(), "tiny"));
    assertEquals(
        "tiny: a ELF image is not a Switch program; the Horizon loader needs an NRO or NSO",
        e.getMessage());
  }

  @Test
  void heapGrowsAndShrinksInTwoMebibyteSteps() throws Exception {
    try (HorizonProcess p = load("nro")) {
      CpuState cpu = p.mainThread();
      assertEquals(0xca01, svc(p, SET_HEAP_SIZE, 0, 0x1000), "InvalidSize");
      assertEquals(0xd001, svc(p, SET_HEAP_SIZE, 0, 0x8000_0000L), "OutOfMemory");
      assertEquals(0, svc(p, SET_HEAP_SIZE, 0, 0x40_0000));
      assertEquals(HEAP, cpu.x[1]);
      p.memory().store64(HEAP + 0x3f_fff8, 7);
      assertEquals(0, svc(p, SET_HEAP_SIZE, 0, 0x20_0000));
      assertThrows(GuestFault.class, () -> p.memory().load64(HEAP + 0x3f_fff8));
      assertEquals(0, svc(p, SET_HEAP_SIZE, 0, 0x40_0000));
      assertEquals(0, p.memory().load64(HEAP + 0x3f_fff8), "regrown heap is zeroed");
    }
  }

  /** QueryMemory's MemoryInfo at {@code info}: {addr, size, type, attr, perm}. */
  static long[] query(HorizonProcess p, long address) {
    long info = HEAP + 0x1000;
    assertEquals(0, svc(p, QUERY_MEMORY, info, 0, address));
    GuestMemory m = p.memory();
    return new long[] {
      m.load64(info),
      m.load64(info + 8),
      m.load32(info + 16),
      m.load32(info + 20),
      m.load32(info + 24)
    };
  }

  @Test
  void queryMemoryDescribesImageHeapAndGaps() throws Exception {
    try (HorizonProcess p = load("nro")) {
      svc(p, SET_HEAP_SIZE, 0, 0x20_0000);
      long base = HorizonLoader.IMAGE_BASE;
      assertArrayEquals(new long[] {base, 0x1000, 0x08, 0, 5}, query(p, base + 0x10));
      assertArrayEquals(new long[] {base + 0x1000, 0x1000, 0x08, 0, 1}, query(p, base + 0x1000));
      assertArrayEquals(new long[] {HEAP, 0x20_0000, 0x05, 0, 3}, query(p, HEAP + 0x12345));
      long[] gap = query(p, HEAP - 0x1000);
      assertEquals(0, gap[2], "free");
      assertEquals(HEAP, gap[0] + gap[1], "the gap ends where the heap starts");
      assertArrayEquals(
          new long[] {HorizonLoader.TLS_REGION, 0x1000, 0x0c, 0, 3},
          query(p, HorizonLoader.TLS_REGION));
      assertEquals(0xe601, svc(p, QUERY_MEMORY, 0x10, 0, base), "InvalidPointer");
    }
  }

  @Test
  void nsoSegmentsAreCodeStaticAndCodeMutable() throws Exception {
    try (HorizonProcess p = load("nso")) {
      svc(p, SET_HEAP_SIZE, 0, 0x20_0000);
      assertEquals(0x03, query(p, HorizonLoader.IMAGE_BASE)[2]);
      assertEquals(0x04, query(p, HorizonLoader.IMAGE_BASE + 0x2000)[2]);
    }
  }

  @Test
  void mapMemoryMovesHeapPagesIntoTheStackRegionAndBack() throws Exception {
    try (HorizonProcess p = load("nro")) {
      GuestMemory m = p.memory();
      svc(p, SET_HEAP_SIZE, 0, 0x20_0000);
      long src = HEAP + 0x10_0000;
      long dst = STACK + 0x1000_0000L;
      m.store64(src, 0x1234);
      assertEquals(0xcc01, svc(p, MAP_MEMORY, dst + 1, src, 0x1000), "InvalidAddress");
      assertEquals(0xca01, svc(p, MAP_MEMORY, dst, src, 0), "InvalidSize");
      assertEquals(0xdc01, svc(p, MAP_MEMORY, HEAP + 0x20_0000, src, 0x1000), "InvalidRegion");
      assertEquals(0xd401, svc(p, MAP_MEMORY, dst, HEAP + 0x20_0000, 0x1000), "not heap");
      assertEquals(0, svc(p, MAP_MEMORY, dst, src, 0x2000));
      assertEquals(0x1234, m.load64(dst));
      assertThrows(GuestFault.class, () -> m.load64(src));
      assertArrayEquals(new long[] {src, 0x2000, 0x05, 1, 0}, query(p, src));
      assertArrayEquals(new long[] {dst, 0x2000, 0x0b, 0, 3}, query(p, dst));
      assertEquals(0xd401, svc(p, MAP_MEMORY, dst, src, 0x2000), "already mapped");
      assertEquals(0xd401, svc(p, SET_HEAP_SIZE, 0, 0), "the heap is borrowed");
      m.store64(dst + 8, 0x5678);
      assertEquals(0xd401, svc(p, UNMAP_MEMORY, dst, src, 0x1000), "not the mapping");
      assertEquals(0, svc(p, UNMAP_MEMORY, dst, src, 0x2000));
      assertEquals(0x5678, m.load64(src + 8));
      assertArrayEquals(new long[] {HEAP, 0x20_0000, 0x05, 0, 3}, query(p, src));
      assertEquals(0, query(p, dst)[2], "free again");
    }
  }

  @Test
  void getInfoReportsTheLayoutAndChecksItsArguments() throws Exception {
    try (HorizonProcess p = load("nro")) {
      CpuState cpu = p.mainThread();
      long[][] expected = {
        {2, HorizonLoader.ALIAS_REGION},
        {3, HorizonLoader.ALIAS_REGION_SIZE},
        {4, HEAP},
        {5, HorizonLoader.HEAP_REGION_SIZE},
        {6, HorizonLoader.TOTAL_MEMORY},
        {12, HorizonLoader.IMAGE_BASE},
        {14, STACK},
        {15, HorizonLoader.STACK_REGION_SIZE},
      };
      for (long[] e : expected) {
        assertEquals(0, svc(p, GET_INFO, 0, e[0], CUR_PROCESS, 0), "id " + e[0]);
        assertEquals(e[1], cpu.x[1], "id " + e[0]);
      }
      assertEquals(0, svc(p, GET_INFO, 0, 7, CUR_PROCESS, 0));
      long used = cpu.x[1];
      svc(p, SET_HEAP_SIZE, 0, 0x20_0000);
      svc(p, GET_INFO, 0, 7, CUR_PROCESS, 0);
      assertEquals(used + 0x20_0000, cpu.x[1], "UsedMemorySize counts the heap");
      assertEquals(0xe401, svc(p, GET_INFO, 0, 6, 0x1234, 0), "InvalidHandle");
      assertEquals(0xf001, svc(p, GET_INFO, 0, 999, CUR_PROCESS, 0), "InvalidEnumValue");
      assertEquals(0xe801, svc(p, GET_INFO, 0, 6, CUR_PROCESS, 1), "InvalidCombination");
      assertEquals(0, svc(p, GET_INFO, 0, 11, 0, 0));
      long entropy = cpu.x[1];
      assertEquals(0, svc(p, GET_INFO, 0, 11, 0, 1));
      assertNotEquals(entropy, cpu.x[1]);
      assertEquals(0xe801, svc(p, GET_INFO, 0, 11, 0, 4));
    }
  }

  @Test
  void outputDebugStringWritesTheBytes() throws Exception {
    try (HorizonProcess p = load("nro")) {
      svc(p, SET_HEAP_SIZE, 0, 0x20_0000);
      p.memory().write(HEAP, "hi there".getBytes(StandardCharsets.UTF_8));
      assertEquals(0, svc(p, OUTPUT_DEBUG_STRING, HEAP, 2));
      assertEquals(0, svc(p, OUTPUT_DEBUG_STRING, HEAP + 2, 6));
      assertEquals("hi there", debug.toString(StandardCharsets.UTF_8));
      assertEquals(0xd401, svc(p, OUTPUT_DEBUG_STRING, 0x10, 4), "unmapped");
    }
  }

  @Test
  void systemTickAdvances() throws Exception {
    try (HorizonProcess p = load("nro")) {
      long t0 = svc(p, GET_SYSTEM_TICK);
      long t1 = svc(p, GET_SYSTEM_TICK);
      assertTrue(t1 > t0, t0 + " then " + t1);
    }
  }

  @Test
  void breakEndsTheProcessUnlessItIsANotification() throws Exception {
    try (HorizonProcess p = load("nro")) {
      assertEquals(0, svc(p, BREAK, 0x8000_0000L, 0, 0));
      GuestExit e = assertThrows(GuestExit.class, () -> svc(p, BREAK, 1, 2, 3));
      assertEquals(Termination.Kind.SIGNALED, e.termination().kind());
      assertEquals(133, e.termination().exitStatus());
      assertTrue(e.termination().message().contains("reason 0x1"), e.termination().message());
    }
  }

  @Test
  void unknownSvcEndsTheRunAndIsTraced() throws Exception {
    try (HorizonProcess p = load("nro")) {
      GuestExit e = assertThrows(GuestExit.class, () -> svc(p, 0x7f));
      assertEquals(Termination.Kind.UNKNOWN_SYSCALL, e.termination().kind());
      assertTrue(e.termination().message().startsWith("unimplemented SVC 0x7f"));
      assertEquals(0, svc(p, GET_INFO, 0, 6, CUR_PROCESS, 0));
      SyscallRecord r = p.trace().syscalls().getFirst();
      assertEquals("GetInfo", r.name());
      assertEquals(List.of(6L, CUR_PROCESS, 0L), r.args());
    }
  }

  @Test
  void exitProcessEndsTheRunWithStatusZero() throws Exception {
    try (HorizonProcess p = load("nro")) {
      Termination end = p.run(cpu -> p.supervisorCall(cpu, EXIT_PROCESS));
      assertEquals(Termination.Kind.EXITED, end.kind());
      assertEquals(0, end.exitStatus());
    }
  }

  @Test
  void budgetCountsInstructionsRecordsBlocksAndEnforcesTheLimit() throws Exception {
    HorizonConfig config =
        HorizonConfig.builder()
            .debugOutput(debug)
            .diagnostics(new PrintStream(diagnostics, true, StandardCharsets.UTF_8))
            .instructionLimit(100)
            .recordBlocks(true)
            .build();
    try (HorizonProcess p = HorizonLoader.load(demo("nro"), config, "demo.nro")) {
      Termination end =
          p.run(
              cpu -> {
                // What generated code does at the start of each block: charge, then report.
                for (long pc = 0x0800_0000L; ; pc += 0x40) {
                  cpu.budget -= 30;
                  if (cpu.budget < 0) {
                    cpu.pc = pc;
                    p.budgetExpired(cpu);
                  }
                }
              });
      assertEquals(Termination.Kind.INSTRUCTION_BUDGET, end.kind());
      assertEquals(122, end.exitStatus());
      assertEquals(120, p.instructionsExecuted(), "four blocks of 30 reach the limit of 100");
      assertEquals(
          List.of(0x0800_0000L, 0x0800_0040L, 0x0800_0080L, 0x0800_00c0L),
          List.copyOf(p.executedBlocks()));
    }
  }

  @Test
  void aFaultInGuestCodeBecomesAFaultTermination() throws Exception {
    try (HorizonProcess p = load("nro")) {
      Termination end = p.run(cpu -> p.memory().load64(0x10));
      assertEquals(Termination.Kind.FAULT, end.kind());
      assertEquals(139, end.exitStatus());
      assertTrue(diagnostics.toString(StandardCharsets.UTF_8).contains("recomp: guest fault"));
    }
  }
}
