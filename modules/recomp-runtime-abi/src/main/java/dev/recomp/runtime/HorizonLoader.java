package dev.recomp.runtime;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageFormat;
import dev.recomp.intake.Permissions;
import dev.recomp.intake.Relocation;
import dev.recomp.intake.RelocationType;
import dev.recomp.intake.Segment;
import dev.recomp.intake.Symbol;
import dev.recomp.runtime.internal.horizon.GuestThread;
import dev.recomp.runtime.internal.horizon.HorizonKernel;
import dev.recomp.runtime.internal.horizon.MemoryMap;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads a Switch NRO or NSO into a fresh {@link HorizonProcess}, as the homebrew loader (NRO) or
 * the system loader (NSO) would: the three segments at {@link #IMAGE_BASE} with their permissions,
 * the dynamic relocations applied, a main thread with its stack and thread-local region
 * (TPIDRRO_EL0), and the entry registers of the homebrew ABI (switchbrew "Homebrew ABI"): for an
 * NRO X0 = the loader config and X1 = -1; for an NSO X0 = 0 and X1 = the main thread's handle. X30
 * is 0, which tells homebrew to end with svcExitProcess instead of returning to a loader.
 *
 * <p>Address space (a 39-bit layout squeezed into 4 GiB; svcGetInfo reports these regions):
 *
 * <pre>
 * 0x0600_0000  loader config page (NRO)
 * 0x0700_0000  thread-local regions, 0x200 bytes per thread
 * 0x0800_0000  image: .text, .rodata, .data + .bss      (ASLR region starts here)
 * 0x4000_0000  heap region (svcSetHeapSize), 1 GiB
 * 0x8000_0000  alias region, 1 GiB (reserved)
 * 0xc000_0000  stack region, 512 MiB: svcMapMemory targets; the main stack at its top
 * </pre>
 */
public final class HorizonLoader {
  public static final long LOADER_REGION = 0x0600_0000L;
  public static final long TLS_REGION = 0x0700_0000L;
  public static final long TLS_REGION_SIZE = 0x0100_0000L;
  public static final long IMAGE_BASE = 0x0800_0000L;
  public static final long HEAP_REGION = 0x4000_0000L;
  public static final long HEAP_REGION_SIZE = 0x4000_0000L;
  public static final long ALIAS_REGION = 0x8000_0000L;
  public static final long ALIAS_REGION_SIZE = 0x4000_0000L;
  public static final long STACK_REGION = 0xc000_0000L;
  public static final long STACK_REGION_SIZE = 0x2000_0000L;

  /** The memory svcGetInfo(TotalMemorySize) reports: what the image, stacks and heap share. */
  public static final long TOTAL_MEMORY = 0x2000_0000L;

  /** The smallest address space the layout fits in. */
  public static final long MIN_ADDRESS_SPACE = 1L << 32;

  /** Homebrew loader config keys and flags (switchbrew "Homebrew ABI"). */
  private static final int KEY_END_OF_LIST = 0;

  private static final int KEY_MAIN_THREAD_HANDLE = 1;
  private static final int KEY_ARGV = 5;
  private static final int KEY_SYSCALL_AVAILABLE_HINT = 6;
  private static final int KEY_APPLET_TYPE = 7;
  private static final int FLAG_MANDATORY = 1;
  private static final int APPLET_TYPE_APPLICATION = 0;
  private static final int ENTRY_SIZE = 24;

  /** The loader name the EndOfList entry points at (libnx: envGetLoaderInfo). */
  private static final String LOADER_INFO = "recomp Horizon personality\n";

  private static final long PAGE_MASK = GuestMemory.PAGE_SIZE - 1;
  private static final ValueLayout.OfLong LE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private HorizonLoader() {}

  /**
   * Loads {@code image} and returns a process ready to run from its entry point.
   *
   * @param what names the image in error messages (e.g. its path)
   * @throws LoadException with a one-line reason when the image cannot run here
   */
  public static HorizonProcess load(GuestImage image, HorizonConfig config, String what)
      throws LoadException {
    if (image.format() != ImageFormat.NRO && image.format() != ImageFormat.NSO) {
      throw new LoadException(
          what
              + ": a "
              + image.format()
              + " image is not a Switch program; the Horizon loader needs an NRO or NSO");
    }
    long imageEnd = 0;
    for (Segment s : image.segments()) {
      imageEnd = Math.max(imageEnd, IMAGE_BASE + s.end());
    }
    if (imageEnd > HEAP_REGION) {
      throw new LoadException(
          String.format(
              "%s: image of 0x%x bytes does not fit below the heap region at 0x%x",
              what, imageEnd - IMAGE_BASE, HEAP_REGION));
    }
    GuestMemory memory;
    try {
      memory = GuestMemory.reserve(config.addressSpaceSize());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new LoadException(what + ": " + e.getMessage());
    }
    try {
      HorizonProcess[] process = new HorizonProcess[1];
      HorizonKernel kernel =
          new HorizonKernel(
              config,
              memory,
              GuestMemory.pageAlignUp(imageEnd) - IMAGE_BASE,
              t -> process[0].launch(t));
      mapSegments(memory, kernel.memoryMap(), image);
      relocate(memory, image, what);
      long stackTop = STACK_REGION + STACK_REGION_SIZE;
      long stackLow = stackTop - config.mainStackSize();
      memory.map(stackLow, config.mainStackSize(), GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      kernel
          .memoryMap()
          .set(
              stackLow,
              config.mainStackSize(),
              MemoryMap.STACK,
              MemoryMap.PERM_R | MemoryMap.PERM_W,
              0);
      CpuState cpu = new CpuState();
      cpu.pc = IMAGE_BASE + image.entry();
      cpu.sp = stackTop;
      GuestThread main = kernel.createMainThread(cpu);
      if (image.format() == ImageFormat.NRO) {
        cpu.x[0] = writeLoaderConfig(memory, kernel.memoryMap(), main.handle(), config.argv());
        cpu.x[1] = -1L;
      } else {
        cpu.x[0] = 0;
        cpu.x[1] = main.handle() & 0xffff_ffffL;
      }
      process[0] = new HorizonProcess(config, memory, kernel, main, cpu.pc);
      return process[0];
    } catch (LoadException | RuntimeException e) {
      memory.close();
      if (e instanceof LoadException le) {
        throw le;
      }
      throw new LoadException(what + ": " + e.getMessage());
    }
  }

  private static void mapSegments(GuestMemory memory, MemoryMap map, GuestImage image) {
    boolean nro = image.format() == ImageFormat.NRO;
    for (Segment s : image.segments()) {
      long start = (IMAGE_BASE + s.address()) & ~PAGE_MASK;
      long end = GuestMemory.pageAlignUp(IMAGE_BASE + s.end());
      int prot = protection(s.permissions());
      for (long page = start; page < end; page += GuestMemory.PAGE_SIZE) {
        int existing = memory.protectionAt(page);
        memory.map(page, GuestMemory.PAGE_SIZE, existing < 0 ? prot : existing | prot);
      }
      memory.segment().asSlice(IMAGE_BASE + s.address(), s.fileSize()).copyFrom(s.data());
      int type =
          s.permissions().write()
              ? (nro ? MemoryMap.ALIAS_CODE_DATA : MemoryMap.CODE_MUTABLE)
              : (nro ? MemoryMap.ALIAS_CODE : MemoryMap.CODE_STATIC);
      // Horizon permissions use the same R=1, W=2, X=4 bits as the guest memory.
      map.set(start, end - start, type, prot, 0);
    }
  }

  /**
   * Applies the dynamic relocations as rtld does: RELATIVE is base + addend; ABS64, GLOB_DAT and
   * JUMP_SLOT against a symbol the image defines are base + value + addend; an undefined weak
   * symbol is 0. Homebrew crt0 self-relocates RELATIVE again, which RELA makes harmless.
   */
  private static void relocate(GuestMemory memory, GuestImage image, String what)
      throws LoadException {
    for (Relocation r : image.relocations()) {
      if (r.type() == RelocationType.NONE) {
        continue;
      }
      long slot = IMAGE_BASE + r.offset();
      long value =
          switch (r.type()) {
            case RELATIVE -> IMAGE_BASE + r.addend();
            case ABS64, GLOB_DAT, JUMP_SLOT -> symbolValue(r, what) + r.addend();
            default ->
                throw new LoadException(
                    String.format(
                        "%s: relocation %s at 0x%x is not one a Switch loader applies",
                        what, r.type().elfName(), r.offset()));
          };
      if (!memory.isMapped(slot, 8)) {
        throw new LoadException(
            String.format(
                "%s: %s relocation targets 0x%x, outside every segment",
                what, r.type().elfName(), r.offset()));
      }
      memory.segment().set(LE64, slot, value);
    }
  }

  private static long symbolValue(Relocation r, String what) throws LoadException {
    Symbol s = r.symbol().orElse(null);
    if (s != null && s.defined()) {
      return IMAGE_BASE + s.address();
    }
    if (s != null && s.binding() == Symbol.Binding.WEAK) {
      return 0;
    }
    throw new LoadException(
        String.format(
            "%s: %s relocation at 0x%x needs %s, which the image does not define",
            what,
            r.type().elfName(),
            r.offset(),
            s == null ? "a symbol" : "symbol \"" + s.name() + "\""));
  }

  /** Writes the loader config (and the strings it points to); returns its address. */
  private static long writeLoaderConfig(
      GuestMemory memory, MemoryMap map, int mainThread, String argv) throws LoadException {
    byte[] argvBytes = (argv + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] info = LOADER_INFO.getBytes(StandardCharsets.UTF_8);
    long[] hints = new long[2];
    for (int svc : HorizonKernel.implementedSvcs()) {
      hints[svc / 64] |= 1L << (svc % 64);
    }
    long strings = LOADER_REGION + 6 * ENTRY_SIZE;
    long argvAt = strings;
    long infoAt = argvAt + argvBytes.length;
    long end = infoAt + info.length;
    if (end > LOADER_REGION + 0x10_0000) {
      throw new LoadException("the argument string is too long for the loader config");
    }
    long size = GuestMemory.pageAlignUp(end - LOADER_REGION);
    memory.map(LOADER_REGION, size, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    map.set(LOADER_REGION, size, MemoryMap.ALIAS_CODE_DATA, MemoryMap.PERM_R | MemoryMap.PERM_W, 0);
    List<long[]> entries =
        List.of(
            new long[] {KEY_MAIN_THREAD_HANDLE, FLAG_MANDATORY, mainThread & 0xffff_ffffL, 0},
            new long[] {KEY_APPLET_TYPE, FLAG_MANDATORY, APPLET_TYPE_APPLICATION, 0},
            new long[] {KEY_SYSCALL_AVAILABLE_HINT, 0, hints[0], hints[1]},
            new long[] {KEY_ARGV, 0, 0, argvAt},
            new long[] {KEY_END_OF_LIST, FLAG_MANDATORY, infoAt, info.length});
    long at = LOADER_REGION;
    for (long[] e : entries) {
      memory.store32(at, e[0]);
      memory.store32(at + 4, e[1]);
      memory.store64(at + 8, e[2]);
      memory.store64(at + 16, e[3]);
      at += ENTRY_SIZE;
    }
    memory.write(argvAt, argvBytes);
    memory.write(infoAt, info);
    return LOADER_REGION;
  }

  private static int protection(Permissions p) {
    return (p.read() ? GuestMemory.PROT_READ : 0)
        | (p.write() ? GuestMemory.PROT_WRITE : 0)
        | (p.execute() ? GuestMemory.PROT_EXEC : 0);
  }
}
