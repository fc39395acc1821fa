package dev.recomp.lift.semantics;

import dev.recomp.isa.Decoder;
import dev.recomp.isa.Disassembler;
import dev.recomp.isa.Encoding;
import dev.recomp.lift.A64Lifter;
import dev.recomp.lift.oracle.GoldenFile;
import dev.recomp.lift.oracle.InstructionFuzzer;
import dev.recomp.lift.oracle.Oracle;
import dev.recomp.lift.oracle.OracleCase;
import dev.recomp.lift.oracle.OracleResult;
import dev.recomp.lift.oracle.StateGenerator;
import dev.recomp.runtime.CpuState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records {@code goldens/a64.golden} from {@code goldens/a64-forms.txt}: assembles every form with
 * {@code aarch64-linux-gnu-as}, runs each from several seeded random states under the oracle and
 * writes inputs and results. Run by {@code scripts/record-lift-goldens.sh}.
 */
@Tag("differential")
@EnabledIfSystemProperty(named = "recomp.lift.record", matches = "true")
class RecordLiftGoldens {
  private static final int STATES_PER_FORM = 6;

  /** Random encodings recorded for every implemented row, on top of the hand-written forms. */
  private static final int RANDOM_PER_ROW = 3;

  /** Rows the oracle cannot run: SVC would make a real system call in the oracle process. */
  static final Set<String> NOT_RECORDABLE = Set.of("SVC");

  private static final long SEED = 4_2026_1123L;

  private record Form(int line, String asm, List<String> addressRegisters) {}

  @Test
  void record() throws IOException, InterruptedException {
    Path dir = Oracle.repoRoot().resolve("modules/recomp-lift/src/test/resources/goldens");
    List<Form> forms = parse(dir.resolve("a64-forms.txt"));
    int[] words = assemble(forms);
    StateGenerator states = new StateGenerator(new SplittableRandom(SEED));
    List<OracleCase> cases = new ArrayList<>();
    List<String> asm = new ArrayList<>();
    int at = 0;
    for (Form form : forms) {
      int n = form.asm().split(";").length;
      int[] formWords = java.util.Arrays.copyOfRange(words, at, at + n);
      at += n;
      for (int s = 0; s < STATES_PER_FORM; s++) {
        CpuState state = states.next();
        for (String reg : form.addressRegisters()) {
          state.x[Integer.parseInt(reg.substring(1))] = states.windowAddress() & ~0xfL;
        }
        keepVectorsOnlyIfUsed(state, form.asm());
        cases.add(new OracleCase(formWords, state));
        asm.add(form.asm());
      }
    }
    Decoder decoder = Decoder.standard();
    InstructionFuzzer fuzzer =
        new InstructionFuzzer(
            decoder, A64Lifter.implementedEncodings(), new SplittableRandom(SEED + 1));
    for (Encoding row : fuzzer.rows()) {
      if (NOT_RECORDABLE.contains(row.name())) {
        continue;
      }
      for (int s = 0; s < RANDOM_PER_ROW; s++) {
        OracleCase c = fuzzer.next(row);
        String text = Disassembler.format(decoder.decode(Oracle.SLOT, c.words()[0]));
        keepVectorsOnlyIfUsed(c.in(), text);
        cases.add(c);
        asm.add(text);
      }
    }
    List<OracleResult> results = new Oracle(Oracle.repoRoot()).run(cases);
    StringBuilder out =
        new StringBuilder(
            "# Recorded by scripts/record-lift-goldens.sh from a64-forms.txt under qemu-aarch64"
                + " -cpu cortex-a53. Do not edit.\n");
    for (int i = 0; i < cases.size(); i++) {
      out.append(GoldenFile.format(asm.get(i), cases.get(i), results.get(i))).append('\n');
    }
    Path target = dir.resolve("a64.golden.gz");
    Path tmp = Files.createTempFile(dir, "a64.golden", ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp);
        GZIPOutputStream gzip = new GZIPOutputStream(file)) {
      gzip.write(out.toString().getBytes(StandardCharsets.UTF_8));
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    System.out.println("recorded " + cases.size() + " golden cases of " + forms.size() + " forms");
  }

  /** Zeroes V0-V31 unless the instruction names a SIMD&FP register, keeping goldens small. */
  private static void keepVectorsOnlyIfUsed(CpuState state, String asm) {
    if (!VECTOR_REGISTER.matcher(asm).find()) {
      java.util.Arrays.fill(state.v, 0);
    }
  }

  private static final Pattern VECTOR_REGISTER = Pattern.compile("\\b[bhsdqv][0-9]+\\b");

  private static List<Form> parse(Path file) throws IOException {
    List<Form> forms = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\|", 2);
      List<String> regs = List.of();
      if (parts.length == 2) {
        String option = parts[1].strip();
        if (!option.startsWith("addr=")) {
          throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected '| addr=...'");
        }
        regs = List.of(option.substring(5).split(","));
      }
      forms.add(new Form(i + 1, parts[0].strip(), regs));
    }
    return forms;
  }

  private static int[] assemble(List<Form> forms) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("lift-goldens");
    StringBuilder s = new StringBuilder(".text\n");
    for (Form f : forms) {
      for (String insn : f.asm().split(";")) {
        s.append(insn.strip()).append('\n');
      }
    }
    Files.writeString(work.resolve("forms.s"), s);
    run(work, "aarch64-linux-gnu-as", "-o", "forms.o", "forms.s");
    run(work, "aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", "forms.o", "forms.bin");
    ByteBuffer b =
        ByteBuffer.wrap(Files.readAllBytes(work.resolve("forms.bin")))
            .order(ByteOrder.LITTLE_ENDIAN);
    int[] words = new int[b.remaining() / 4];
    for (int i = 0; i < words.length; i++) {
      words[i] = b.getInt();
    }
    return words;
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          command[0]
              + " not found: install binutils-aarch64-linux-gnu (scripts/install-oracles.sh)",
          e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}
