package dev.recomp.intake.internal;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageFormat;
import dev.recomp.intake.ImageType;
import dev.recomp.intake.IntakeException;
import dev.recomp.intake.Mod0;
import dev.recomp.intake.Section;
import dev.recomp.intake.Segment;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What NRO and NSO share once their segments are in memory: the MOD0 header the word at image base
 * + 4 points to, the dynamic section MOD0 names, and the sections synthesized for consumers that
 * expect an ELF-like shape.
 */
public final class SwitchModule {
  /** "MOD0" read as a little-endian word. */
  private static final long MOD0_MAGIC = 0x30444f4dL;

  private static final ValueLayout.OfInt S32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private SwitchModule() {}

  /**
   * The image of a module whose {@code text}, {@code ro} and {@code data} segments (data's memory
   * size including bss) are laid out from base 0.
   */
  public static GuestImage image(
      String source,
      ImageFormat format,
      Segment text,
      Segment ro,
      Segment data,
      byte[] moduleId,
      String sha256,
      long fileSize)
      throws IntakeException {
    List<Segment> segments = List.of(text, ro, data);
    checkLayout(source, segments);
    ImageMemory memory = new ImageMemory(source, segments);
    Mod0 mod0 = mod0(memory);
    Dynamic.Contents dynamic = Dynamic.read(memory, mod0.dynamicOffset());
    List<Section> sections = new ArrayList<>();
    for (Segment s : segments) {
      long flags =
          Section.SHF_ALLOC
              | (s.permissions().write() ? Section.SHF_WRITE : 0)
              | (s.permissions().execute() ? Section.SHF_EXECINSTR : 0);
      sections.add(
          new Section(
              s.name(),
              Section.SHT_PROGBITS,
              flags,
              s.address(),
              s.fileSize(),
              s.fileOffset(),
              s.data()));
    }
    long bssSize = data.memSize() - data.fileSize();
    sections.add(
        new Section(
            ".bss",
            Section.SHT_NOBITS,
            Section.SHF_ALLOC | Section.SHF_WRITE,
            data.end() - bssSize,
            bssSize,
            data.fileOffset() + data.fileSize(),
            MemorySegment.ofArray(new byte[0])));
    sections.add(
        region(memory, ".dynamic", mod0.dynamicOffset(), dynamic.size(), Section.SHF_WRITE));
    long ehFrameHdrSize = mod0.ehFrameHdrEnd() - mod0.ehFrameHdrStart();
    if (ehFrameHdrSize > 0) {
      sections.add(region(memory, ".eh_frame_hdr", mod0.ehFrameHdrStart(), ehFrameHdrSize, 0));
    }
    return new GuestImage(
        format,
        ImageType.DYN,
        text.address(),
        segments,
        sections,
        dynamic.symbols(),
        dynamic.relocations(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.of(HexFormat.of().formatHex(moduleId)),
        Optional.of(mod0),
        sha256,
        fileSize);
  }

  private static Section region(
      ImageMemory memory, String name, long address, long size, long flags) throws IntakeException {
    MemorySegment bytes = memory.read(name, address, size);
    return new Section(
        name, Section.SHT_PROGBITS, Section.SHF_ALLOC | flags, address, size, address, bytes);
  }

  /** Segments must follow each other in memory: text, then ro, then data, without overlap. */
  private static void checkLayout(String source, List<Segment> segments) throws IntakeException {
    for (int i = 1; i < segments.size(); i++) {
      Segment prev = segments.get(i - 1);
      Segment s = segments.get(i);
      if (Long.compareUnsigned(s.address(), prev.end()) < 0) {
        throw new IntakeException(
            source
                + ": segment "
                + s.name()
                + " at "
                + hex(s.address())
                + " overlaps "
                + prev.name()
                + " ("
                + hex(prev.address())
                + "-"
                + hex(prev.end())
                + ")");
      }
    }
  }

  private static Mod0 mod0(ImageMemory memory) throws IntakeException {
    long at = memory.u32("MOD0 offset word", 4);
    if (memory.u32("MOD0 header", at) != MOD0_MAGIC) {
      throw memory.error("MOD0 header", at, "expected magic \"MOD0\"");
    }
    MemorySegment h = memory.read("MOD0 header", at, 0x1c);
    long[] fields = new long[6];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = at + h.get(S32, 4 + 4L * i);
    }
    Mod0 mod0 = new Mod0(at, fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    if (Long.compareUnsigned(mod0.bssStart(), mod0.bssEnd()) > 0
        || Long.compareUnsigned(mod0.ehFrameHdrStart(), mod0.ehFrameHdrEnd()) > 0) {
      throw memory.error("MOD0 header", at, "a region's start lies after its end");
    }
    return mod0;
  }
}
