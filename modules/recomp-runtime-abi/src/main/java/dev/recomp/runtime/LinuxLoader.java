package dev.recomp.runtime;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageFormat;
import dev.recomp.intake.ImageType;
import dev.recomp.intake.Permissions;
import dev.recomp.intake.PhdrTable;
import dev.recomp.intake.Relocation;
import dev.recomp.intake.Segment;
import dev.recomp.runtime.internal.InitialStack;
import dev.recomp.runtime.internal.Kernel;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a static AArch64 Linux ELF (ET_EXEC, or static PIE) into a fresh {@link LinuxProcess} the
 * way the Linux kernel's binfmt_elf does for a binary without an interpreter: PT_LOAD segments with
 * their permissions, the program break right after the image, an 8 MiB stack at the top of the
 * address space holding argv, envp and the auxiliary vector, and the registers for the first
 * instruction.
 *
 * <p>Like the kernel, the loader does not touch TLS or run IFUNC resolvers: static glibc and musl
 * find PT_TLS through AT_PHDR and set up TLS (and TPIDR_EL0) themselves, and glibc applies its
 * IRELATIVE relocations in {@code __libc_start_main}. R_AARCH64_RELATIVE relocations of a static
 * PIE are applied here (base + addend); the guest's own self-relocation then writes the same values
 * again, which is harmless for RELA and makes pointers valid before any guest code runs.
 */
public final class LinuxLoader {
  /** Where a static PIE is placed (ET_EXEC images go to their link addresses). */
  public static final long PIE_BASE = 0x1000_0000L;

  /** The stack size, RLIMIT_STACK's usual 8 MiB. */
  public static final long STACK_SIZE = 8L << 20;

  /** Unmapped space left above the stack. */
  public static final long STACK_TOP_GAP = 64L << 10;

  /** Unmapped space between the mmap area and the stack, so stack overflows fault. */
  public static final long STACK_GUARD = 1L << 20;

  private static final ValueLayout.OfLong LE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final long PAGE_MASK = GuestMemory.PAGE_SIZE - 1;

  private LinuxLoader() {}

  /**
   * Loads {@code image} and returns a process ready to run from its entry point.
   *
   * @param what names the image in error messages (e.g. its path)
   * @throws LoadException with a one-line reason when the image cannot run here
   */
  public static LinuxProcess load(GuestImage image, LinuxConfig config, String what)
      throws LoadException {
    if (image.format() != ImageFormat.ELF) {
      throw new LoadException(
          what
              + ": a "
              + image.format()
              + " image is not a Linux program; the Linux loader needs an AArch64 ELF");
    }
    if (image.segments().isEmpty()) {
      throw new LoadException(what + ": no PT_LOAD segments");
    }
    PhdrTable phdrs =
        image
            .phdrTable()
            .orElseThrow(
                () ->
                    new LoadException(
                        what
                            + ": the program headers are not inside a loaded segment, so AT_PHDR cannot point at them"));
    long bias = image.type() == ImageType.DYN ? PIE_BASE : 0;
    long size = config.addressSpaceSize();
    long imageStart = Long.MAX_VALUE;
    long imageEnd = 0;
    for (Segment s : image.segments()) {
      imageStart = Math.min(imageStart, (s.address() + bias) & ~PAGE_MASK);
      imageEnd = Math.max(imageEnd, s.end() + bias);
    }
    long stackTop = size - STACK_TOP_GAP;
    long stackLow = stackTop - STACK_SIZE;
    long mmapTop = stackLow - STACK_GUARD;
    long brkStart = GuestMemory.pageAlignUp(imageEnd);
    if (imageStart < GuestMemory.PAGE_SIZE || brkStart >= mmapTop || imageStart > imageEnd) {
      throw new LoadException(
          String.format(
              "%s: image 0x%x-0x%x does not fit below the stack of a 0x%x-byte address space",
              what, imageStart, imageEnd, size));
    }
    long brkLimit = brkStart + (((mmapTop - brkStart) / 2) & ~PAGE_MASK);
    MemoryLayout layout =
        new MemoryLayout(
            bias,
            imageStart,
            imageEnd,
            brkStart,
            brkLimit,
            brkLimit,
            mmapTop,
            stackLow,
            stackTop,
            image.entry() + bias);

    GuestMemory memory;
    try {
      memory = GuestMemory.reserve(size);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new LoadException(what + ": " + e.getMessage());
    }
    try {
      List<IrelativeSlot> irelative = new ArrayList<>();
      mapSegments(memory, image, bias);
      relocate(memory, image, bias, irelative, what);
      Permissions stack = image.stackPermissions();
      memory.map(
          stackLow,
          STACK_SIZE,
          GuestMemory.PROT_READ
              | GuestMemory.PROT_WRITE
              | (stack.execute() ? GuestMemory.PROT_EXEC : 0));
      Kernel kernel = new Kernel(config, memory, layout);
      byte[] random = new byte[16];
      kernel.randomBytes(random);
      long sp =
          InitialStack.write(
              memory,
              stackTop,
              config.argv(),
              config.env(),
              config.execPath(),
              new InitialStack.ProgramHeaders(
                  phdrs.address() + bias, phdrs.entrySize(), phdrs.count()),
              layout.entry(),
              config.uid(),
              config.gid(),
              random);
      CpuState cpu = new CpuState();
      cpu.pc = layout.entry();
      cpu.sp = sp;
      // qemu-user starts guests with PSTATE.Z set; matching it keeps lock-step traces aligned.
      cpu.nzcv = CpuState.Z;
      return new LinuxProcess(config, memory, kernel, cpu, layout, irelative);
    } catch (LoadException | IOException | RuntimeException e) {
      memory.close();
      if (e instanceof LoadException le) {
        throw le;
      }
      throw new LoadException(what + ": " + e.getMessage());
    }
  }

  private static void mapSegments(GuestMemory memory, GuestImage image, long bias) {
    MemorySegment all = memory.segment();
    for (Segment s : image.segments()) {
      long start = (s.address() + bias) & ~PAGE_MASK;
      long end = GuestMemory.pageAlignUp(s.end() + bias);
      int prot = protection(s.permissions());
      // Segments sharing a page (small images linked with 4 KiB alignment) get the union of
      // their rights, as the page is really mapped by the later one over the earlier one's file
      // bytes in Linux too.
      for (long page = start; page < end; page += GuestMemory.PAGE_SIZE) {
        int existing = memory.protectionAt(page);
        memory.map(page, GuestMemory.PAGE_SIZE, existing < 0 ? prot : existing | prot);
      }
      MemorySegment.copy(s.data(), 0, all, s.address() + bias, s.fileSize());
    }
  }

  private static void relocate(
      GuestMemory memory, GuestImage image, long bias, List<IrelativeSlot> irelative, String what)
      throws LoadException {
    MemorySegment all = memory.segment();
    for (Relocation r : image.relocations()) {
      long slot = r.offset() + bias;
      switch (r.type()) {
        case NONE -> {}
        case RELATIVE -> {
          requireMapped(memory, slot, r, what);
          all.set(LE64, slot, bias + r.addend());
        }
        case IRELATIVE -> {
          requireMapped(memory, slot, r, what);
          irelative.add(new IrelativeSlot(slot, bias + r.addend()));
        }
        default ->
            throw new LoadException(
                String.format(
                    "%s: relocation %s at 0x%x needs a symbol; a static binary should not have one",
                    what, r.type().elfName(), r.offset()));
      }
    }
  }

  private static void requireMapped(GuestMemory memory, long slot, Relocation r, String what)
      throws LoadException {
    if (!memory.isMapped(slot, 8)) {
      throw new LoadException(
          String.format(
              "%s: %s relocation targets 0x%x, outside every loaded segment",
              what, r.type().elfName(), r.offset()));
    }
  }

  private static int protection(Permissions p) {
    return (p.read() ? GuestMemory.PROT_READ : 0)
        | (p.write() ? GuestMemory.PROT_WRITE : 0)
        | (p.execute() ? GuestMemory.PROT_EXEC : 0);
  }
}
