package dev.recomp.cli;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageDescription;
import dev.recomp.intake.IntakeException;
import dev.recomp.intake.IntakeFile;
import dev.recomp.intake.Npdm;
import dev.recomp.intake.NroAssets;
import dev.recomp.intake.Pfs0;
import dev.recomp.intake.Section;
import dev.recomp.intake.Segment;
import dev.recomp.intake.Symbol;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp intake FILE}: what an executable or container holds. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an ELF, NRO, NSO, NSP/PFS0 or NPDM file (recognized by its contents) and prints"
          + " a summary: format, entry, segments, symbols, relocations by type, build id, SHA-256."
    })
final class IntakeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The file to read.")
  Path file;

  @Option(
      names = "--json",
      description = "Print the image description JSON (deterministic, keys sorted) instead.")
  boolean json;

  @Option(
      names = "--extract",
      paramLabel = "DIR",
      description = "For an NSP/PFS0: also write its files into DIR.")
  Optional<Path> extract;

  @Override
  public Integer call() throws IntakeException {
    PrintWriter out = spec.commandLine().getOut();
    IntakeFile input = IntakeFile.open(file);
    if (extract.isPresent() && !(input instanceof IntakeFile.Container)) {
      throw new ParameterException(spec.commandLine(), "--extract applies only to NSP/PFS0 files");
    }
    switch (input) {
      case IntakeFile.Executable e when json -> out.print(ImageDescription.json(e.image()));
      case IntakeFile.Executable e -> executable(out, e.image(), e.assets());
      case IntakeFile.Container c -> container(out, c.pfs0());
      case IntakeFile.Metadata m -> metadata(out, m.npdm());
    }
    out.flush();
    return 0;
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  private static void row(PrintWriter out, String key, Object value) {
    out.printf("%-12s %s%n", key, value);
  }

  private void executable(PrintWriter out, GuestImage image, Optional<NroAssets> assets) {
    row(out, "file", file);
    row(out, "sha256", image.sha256());
    row(out, "size", image.fileSize() + " bytes");
    row(out, "format", image.format() + " (" + image.type() + ")");
    row(out, "entry", hex(image.entry()));
    row(out, "build id", image.buildId().orElse("none"));
    row(out, "segments", image.segments().size());
    for (Segment s : image.segments()) {
      out.printf(
          "  %-10s %s  %-10s mem %-9s file %s%n",
          s.name(), s.permissions(), hex(s.address()), hex(s.memSize()), hex(s.fileSize()));
    }
    List<String> code =
        image.sections().stream().filter(Section::executable).map(Section::name).toList();
    row(
        out,
        "sections",
        image.sections().size()
            + (code.isEmpty() ? "" : " (code: " + String.join(" ", code) + ")"));
    long functions =
        image.symbols().stream()
            .filter(s -> s.kind() == Symbol.Kind.FUNCTION || s.kind() == Symbol.Kind.IFUNC)
            .count();
    row(out, "symbols", image.symbols().size() + " (" + functions + " functions)");
    String byType =
        image.relocationCounts().entrySet().stream()
            .map(e -> e.getKey().name() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    row(
        out,
        "relocations",
        image.relocations().size() + (byType.isEmpty() ? "" : " (" + byType + ")"));
    image
        .tls()
        .ifPresent(
            t ->
                row(
                    out,
                    "tls",
                    hex(t.address())
                        + " file "
                        + hex(t.fileSize())
                        + " mem "
                        + hex(t.memSize())
                        + " align "
                        + t.alignment()));
    image
        .mod0()
        .ifPresent(
            m -> row(out, "MOD0", hex(m.headerOffset()) + " dynamic " + hex(m.dynamicOffset())));
    assets.ifPresent(
        a -> {
          a.nacp()
              .ifPresent(
                  n ->
                      row(
                          out,
                          "title",
                          n.name() + " " + n.displayVersion() + " (" + n.publisher() + ")"));
          a.icon().ifPresent(i -> row(out, "icon", i.byteSize() + " bytes"));
          a.romfs().ifPresent(r -> row(out, "romfs", r.files().size() + " files"));
        });
  }

  private void container(PrintWriter out, Pfs0 pfs0) throws IntakeException {
    if (json) {
      out.print(ImageDescription.json(pfs0));
    } else {
      row(out, "file", file);
      row(out, "format", "PFS0 (" + pfs0.entries().size() + " files)");
      for (Pfs0.Entry e : pfs0.entries()) {
        out.printf("  %-24s %10d bytes at %s%n", e.name(), e.size(), hex(e.offset()));
      }
    }
    if (extract.isPresent()) {
      List<Path> written = pfs0.extract(extract.get());
      spec.commandLine()
          .getErr()
          .println("extracted " + written.size() + " files into " + extract.get());
    }
  }

  private void metadata(PrintWriter out, Npdm npdm) {
    if (json) {
      out.print(ImageDescription.json(npdm));
      return;
    }
    row(out, "file", file);
    row(out, "format", "NPDM");
    row(out, "name", npdm.name());
    row(out, "program id", String.format("%016x", npdm.programId()));
    row(out, "64-bit", npdm.is64Bit());
    row(out, "addr space", npdm.addressSpace());
    row(
        out,
        "main thread",
        "priority "
            + npdm.mainThreadPriority()
            + ", core "
            + npdm.mainThreadCore()
            + ", stack "
            + hex(npdm.mainThreadStackSize()));
    row(out, "ACID ids", String.format("%016x..%016x", npdm.programIdMin(), npdm.programIdMax()));
  }
}
