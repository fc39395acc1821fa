package dev.recomp.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recomp.intake.internal.Hashing;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image description ({@code intake/image.json}): a {@link GuestImage} as deterministic JSON
 * (and likewise PFS0 listings and NPDM fields), keys sorted, addresses and offsets as {@code 0x}
 * hex strings, sizes and counts as numbers, segment contents as SHA-256 (never the bytes), LF line
 * ends.
 */
public final class ImageDescription {
  /** Identifies the document's shape; bumped when fields change meaning. */
  public static final String SCHEMA = "recomp.intake.image/1";

  private static final ObjectWriter WRITER =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private ImageDescription() {}

  /** The description of {@code image} as JSON text ending in a newline. */
  public static String json(GuestImage image) {
    return write(tree(image));
  }

  /** A PFS0/NSP listing as JSON: each file's name, offset, size and SHA-256, in table order. */
  public static String json(Pfs0 pfs0) {
    List<Object> files = new ArrayList<>();
    for (Pfs0.Entry e : pfs0.entries()) {
      files.add(
          Map.of(
              "name", e.name(),
              "offset", hex(e.offset()),
              "size", e.size(),
              "sha256", Hashing.sha256Hex(e.data().toArray(ValueLayout.JAVA_BYTE))));
    }
    return write(Map.of("schema", "recomp.intake.pfs0/1", "files", files));
  }

  /** An NPDM's fields as JSON; the program ids as 16 hex digits. */
  public static String json(Npdm npdm) {
    Map<String, Object> m = new TreeMap<>();
    m.put("schema", "recomp.intake.npdm/1");
    m.put("name", npdm.name());
    m.put("product_code", npdm.productCode());
    m.put("flags", npdm.flags());
    m.put("is_64_bit", npdm.is64Bit());
    m.put("address_space", npdm.addressSpace());
    m.put("main_thread_priority", npdm.mainThreadPriority());
    m.put("main_thread_core", npdm.mainThreadCore());
    m.put("main_thread_stack_size", npdm.mainThreadStackSize());
    m.put("system_resource_size", npdm.systemResourceSize());
    m.put("version", npdm.version());
    m.put("program_id", "%016x".formatted(npdm.programId()));
    m.put("acid_flags", npdm.acidFlags());
    m.put("program_id_min", "%016x".formatted(npdm.programIdMin()));
    m.put("program_id_max", "%016x".formatted(npdm.programIdMax()));
    return write(m);
  }

  private static String write(Object tree) {
    try {
      return WRITER.writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      // The tree holds only strings, numbers, booleans, maps and lists.
      throw new IllegalStateException(e);
    }
  }

  /** Writes the description to {@code file} through a temporary file renamed into place. */
  public static void write(GuestImage image, Path file) throws IOException {
    OutputFiles.replace(file, json(image).getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> tree(GuestImage image) {
    Map<String, Object> m = new TreeMap<>();
    m.put("schema", SCHEMA);
    m.put("format", lower(image.format()));
    m.put("type", lower(image.type()));
    m.put("entry", hex(image.entry()));
    m.put("sha256", image.sha256());
    m.put("file_size", image.fileSize());
    image.buildId().ifPresent(b -> m.put("build_id", b));
    m.put("stack", image.stackPermissions().toString());
    List<Object> segments = new ArrayList<>();
    for (Segment s : image.segments()) {
      segments.add(
          Map.of(
              "name", s.name(),
              "address", hex(s.address()),
              "mem_size", s.memSize(),
              "file_offset", hex(s.fileOffset()),
              "file_size", s.fileSize(),
              "permissions", s.permissions().toString(),
              "sha256", Hashing.sha256Hex(s.data().toArray(ValueLayout.JAVA_BYTE))));
    }
    m.put("segments", segments);
    List<Object> sections = new ArrayList<>();
    for (Section s : image.sections()) {
      sections.add(
          Map.of(
              "name", s.name(),
              "type", s.type(),
              "flags", hex(s.flags()),
              "address", hex(s.address()),
              "size", s.size(),
              "file_offset", hex(s.fileOffset()),
              "executable", s.executable()));
    }
    m.put("sections", sections);
    List<Object> symbols = new ArrayList<>();
    for (Symbol s : image.symbols()) {
      symbols.add(
          Map.of(
              "name", s.name(),
              "address", hex(s.address()),
              "size", s.size(),
              "kind", lower(s.kind()),
              "binding", lower(s.binding()),
              "defined", s.defined(),
              "table", lower(s.table())));
    }
    m.put("symbols", symbols);
    List<Object> relocations = new ArrayList<>();
    for (Relocation r : image.relocations()) {
      Map<String, Object> rel = new TreeMap<>();
      rel.put("offset", hex(r.offset()));
      rel.put("type", r.type().elfName());
      rel.put("addend", r.addend());
      r.symbol().ifPresent(s -> rel.put("symbol", s.name()));
      relocations.add(rel);
    }
    m.put("relocations", relocations);
    Map<String, Object> counts = new TreeMap<>();
    image.relocationCounts().forEach((t, n) -> counts.put(t.elfName(), n));
    m.put("relocation_counts", counts);
    image
        .tls()
        .ifPresent(
            t ->
                m.put(
                    "tls",
                    Map.of(
                        "address", hex(t.address()),
                        "file_size", t.fileSize(),
                        "mem_size", t.memSize(),
                        "alignment", t.alignment())));
    image
        .phdrTable()
        .ifPresent(
            p ->
                m.put(
                    "phdr_table",
                    Map.of(
                        "address",
                        hex(p.address()),
                        "entry_size",
                        p.entrySize(),
                        "count",
                        p.count())));
    List<Object> phdrs = new ArrayList<>();
    for (ProgramHeader p : image.programHeaders()) {
      phdrs.add(
          Map.of(
              "type", hex(p.type()),
              "flags", p.permissions().toString(),
              "offset", hex(p.offset()),
              "vaddr", hex(p.vaddr()),
              "file_size", p.fileSize(),
              "mem_size", p.memSize(),
              "alignment", p.alignment()));
    }
    m.put("program_headers", phdrs);
    image
        .mod0()
        .ifPresent(
            d ->
                m.put(
                    "mod0",
                    Map.of(
                        "header", hex(d.headerOffset()),
                        "dynamic", hex(d.dynamicOffset()),
                        "bss_start", hex(d.bssStart()),
                        "bss_end", hex(d.bssEnd()),
                        "eh_frame_hdr_start", hex(d.ehFrameHdrStart()),
                        "eh_frame_hdr_end", hex(d.ehFrameHdrEnd()),
                        "module_object", hex(d.moduleObjectOffset()))));
    return m;
  }
}
