package dev.recomp.intake;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything recomp needs to know about an AArch64 program, whatever container it came in: what to
 * map where, where execution starts, what names and relocations there are. Immutable: lists are
 * unmodifiable and segment/section bytes are read-only views. Record equality compares those views
 * by identity, not content; compare {@link #sha256()} to know whether two images came from the same
 * bytes.
 *
 * @param format the container format
 * @param type whether the image is position independent
 * @param entry the entry point (for {@link ImageType#DYN}, an offset from the load base)
 * @param segments loadable regions, sorted by address, not overlapping
 * @param sections named regions (the ELF section table, or synthesized for NRO/NSO), in file order
 * @param symbols symbols of .symtab and the dynamic symbol table, in table order
 * @param relocations dynamic relocations, in the order the loader applies them
 * @param tls the PT_TLS template, when there is one
 * @param programHeaders the ELF program headers, in file order (empty for NRO/NSO)
 * @param phdrTable where the program headers are in memory, when they are loaded (ELF only)
 * @param buildId the GNU build id (ELF) or the module id (NRO/NSO), lower-case hex
 * @param mod0 the Switch module header (NRO/NSO)
 * @param sha256 SHA-256 of the input file, lower-case hex
 * @param fileSize size of the input file in bytes
 */
public record GuestImage(
    ImageFormat format,
    ImageType type,
    long entry,
    List<Segment> segments,
    List<Section> sections,
    List<Symbol> symbols,
    List<Relocation> relocations,
    Optional<TlsTemplate> tls,
    List<ProgramHeader> programHeaders,
    Optional<PhdrTable> phdrTable,
    Optional<String> buildId,
    Optional<Mod0> mod0,
    String sha256,
    long fileSize) {
  /** Makes the lists unmodifiable. */
  public GuestImage {
    segments = List.copyOf(segments);
    sections = List.copyOf(sections);
    symbols = List.copyOf(symbols);
    relocations = List.copyOf(relocations);
    programHeaders = List.copyOf(programHeaders);
  }

  /** The segment whose memory range holds {@code address}. */
  public Optional<Segment> segmentAt(long address) {
    return segments.stream().filter(s -> s.contains(address)).findFirst();
  }

  /** The first section called {@code name}. */
  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** How many relocations there are of each type, in type order. */
  public Map<RelocationType, Long> relocationCounts() {
    Map<RelocationType, Long> counts = new EnumMap<>(RelocationType.class);
    relocations.forEach(r -> counts.merge(r.type(), 1L, Long::sum));
    return counts;
  }

  /**
   * The stack's rights from PT_GNU_STACK; without one the ABI default for AArch64 is a
   * non-executable stack.
   */
  public Permissions stackPermissions() {
    return programHeaders.stream()
        .filter(p -> p.type() == ProgramHeader.PT_GNU_STACK)
        .map(ProgramHeader::permissions)
        .findFirst()
        .orElse(Permissions.RW);
  }
}
