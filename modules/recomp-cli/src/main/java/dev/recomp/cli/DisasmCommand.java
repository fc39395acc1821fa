package dev.recomp.cli;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.IntakeException;
import dev.recomp.intake.IntakeFile;
import dev.recomp.intake.Section;
import dev.recomp.intake.Symbol;
import dev.recomp.isa.Decoder;
import dev.recomp.isa.Disassembler;
import dev.recomp.isa.Insn;
import dev.recomp.isa.Operand;
import java.io.PrintWriter;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recomp disasm FILE}: every executable section, in objdump -d layout and syntax. */
@Command(
    name = "disasm",
    mixinStandardHelpOptions = true,
    description = {
      "Disassembles every executable section of an ELF, NRO or NSO file in the layout and syntax"
          + " of aarch64-linux-gnu-objdump -d: symbol labels, address, word, instruction."
    })
final class DisasmCommand implements Callable<Integer> {
  private static final ValueLayout.OfInt WORD =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The ELF, NRO or NSO file.")
  Path file;

  @Override
  public Integer call() throws IntakeException {
    if (!(IntakeFile.open(file) instanceof IntakeFile.Executable executable)) {
      throw new ParameterException(spec.commandLine(), file + ": not an executable image");
    }
    GuestImage image = executable.image();
    TreeMap<Long, String> labels = labels(image);
    Disassembler.TargetStyle style =
        labels.isEmpty() ? Disassembler.TargetStyle.HEX_PREFIXED : Disassembler.TargetStyle.BARE;
    Decoder decoder = Decoder.standard();
    PrintWriter out = spec.commandLine().getOut();
    for (Section section : image.sections()) {
      if (!section.executable() || section.type() == Section.SHT_NOBITS) {
        continue;
      }
      out.printf("%nDisassembly of section %s:%n", section.name());
      long words = section.data().byteSize() / 4;
      for (long i = 0; i < words; i++) {
        long pc = section.address() + 4 * i;
        String label = labels.get(pc);
        if (label != null || i == 0) {
          out.printf("%n%016x <%s>:%n", pc, label != null ? label : section.name());
        }
        int word = section.data().get(WORD, 4 * i);
        Insn insn = decoder.decode(pc, word);
        out.printf(
            "%8x:\t%08x \t%s%s%n",
            pc, word, Disassembler.format(insn, style), annotation(insn, labels));
      }
    }
    out.flush();
    return 0;
  }

  /** Defined function and untyped symbols by address (the first name wins, sorted by name). */
  private static TreeMap<Long, String> labels(GuestImage image) {
    TreeMap<Long, String> labels = new TreeMap<>();
    image.symbols().stream()
        .filter(s -> s.defined() && !s.name().isEmpty() && s.address() != 0)
        .filter(s -> s.kind() == Symbol.Kind.FUNCTION || s.kind() == Symbol.Kind.NOTYPE)
        .filter(s -> !s.name().startsWith("$"))
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(s -> labels.putIfAbsent(s.address(), s.name()));
    return labels;
  }

  /** objdump's {@code <symbol+offset>} after a branch, literal or ADR target. */
  private static String annotation(Insn insn, TreeMap<Long, String> labels) {
    if (!(insn instanceof Insn.Op op) || labels.isEmpty()) {
      return "";
    }
    for (Operand operand : op.operands()) {
      if (operand instanceof Operand.Target t) {
        Map.Entry<Long, String> symbol = labels.floorEntry(t.address());
        if (symbol == null) {
          return "";
        }
        long offset = t.address() - symbol.getKey();
        return " <"
            + symbol.getValue()
            + (offset == 0 ? "" : "+0x" + Long.toHexString(offset))
            + ">";
      }
    }
    return "";
  }
}
