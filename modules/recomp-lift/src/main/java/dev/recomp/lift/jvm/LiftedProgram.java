package dev.recomp.lift.jvm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.intake.GuestImage;
import dev.recomp.isa.Decoder;
import dev.recomp.isa.Disassembler;
import dev.recomp.lift.Block;
import dev.recomp.lift.IrPrinter;
import dev.recomp.lift.Op;
import dev.recomp.lift.Terminator;
import dev.recomp.lift.analysis.ProgramAnalysis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A whole program lifted to IR: every analyzed function at its load address, ready for a backend.
 * Its two reports are the lift stage's outputs: {@link #module()} ({@code lift/module.json}: each
 * function's blocks, instruction count and IR digest) and {@link #unsupported()} ({@code
 * lift/unsupported.json}: every encoding the lifter left as a trap, with where it sits). The IR
 * digest pins what the build compiles: the same image, analysis and recomp give the same digest.
 */
public final class LiftedProgram {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final ProgramAnalysis analysis;
  private final long bias;
  private final List<GuestFunction> functions;
  private final Map<Long, String> functionDigests = new TreeMap<>(Long::compareUnsigned);
  private final String digest;

  private LiftedProgram(ProgramAnalysis analysis, long bias, List<GuestFunction> functions) {
    this.analysis = analysis;
    this.bias = bias;
    this.functions = List.copyOf(functions);
    MessageDigest whole = sha256();
    for (GuestFunction f : this.functions) {
      MessageDigest one = sha256();
      for (Block b : f.blocks()) {
        one.update(IrPrinter.print(b).getBytes(StandardCharsets.UTF_8));
      }
      String hex = HexFormat.of().formatHex(one.digest());
      functionDigests.put(f.entry(), hex);
      whole.update(
          (Long.toHexString(f.entry()) + " " + hex + "\n").getBytes(StandardCharsets.UTF_8));
    }
    this.digest = HexFormat.of().formatHex(whole.digest());
  }

  /** Lifts every function of {@code analysis} at the address the loader will put it. */
  public static LiftedProgram lift(GuestImage image, ProgramAnalysis analysis) {
    return new LiftedProgram(
        analysis, ProgramCompiler.bias(image), ProgramCompiler.functions(image, analysis));
  }

  /** The lifted functions, in analysis order. */
  public List<GuestFunction> functions() {
    return functions;
  }

  /** SHA-256 over every function's IR text, in address order. */
  public String irDigest() {
    return digest;
  }

  /** The number of guest instructions lifted. */
  public long instructions() {
    return functions.stream().mapToLong(LiftedProgram::instructions).sum();
  }

  /** Compiles the program to class files with the JVM backend. */
  public List<JvmBackend.GeneratedClass> compile() {
    return JvmBackend.compile(functions);
  }

  /** The {@code lift/module.json} document. */
  public ObjectNode module() {
    ObjectNode root = JSON.objectNode();
    root.put("format", "recomp.lift-module/1");
    root.put("image_sha256", analysis.imageSha256());
    root.put("analysis_config_hash", analysis.configHash());
    root.put("load_bias", hex(bias));
    root.put("ir_sha256", digest);
    ArrayNode list = root.putArray("functions");
    long blocks = 0;
    for (GuestFunction f : functions) {
      ObjectNode node = list.addObject();
      node.put("entry", hex(f.entry()));
      node.put("name", f.name());
      node.put("blocks", f.blocks().size());
      node.put("instructions", instructions(f));
      node.put("ir_sha256", functionDigests.get(f.entry()));
      blocks += f.blocks().size();
    }
    ObjectNode stats = root.putObject("stats");
    stats.put("functions", functions.size());
    stats.put("blocks", blocks);
    stats.put("instructions", instructions());
    stats.put("unsupported_sites", traps().stream().map(Terminator.Trap::pc).distinct().count());
    return root;
  }

  /**
   * The {@code lift/unsupported.json} document: one entry per distinct trapping encoding (undefined
   * words and decoded instructions without semantics; BRK, HLT and UDF are the program's own), most
   * frequent first, each with its disassembly and the addresses where it occurs.
   */
  public ObjectNode unsupported() {
    // Code shared by two functions is lifted in both: count each address once.
    Map<String, SortedSet<Long>> sites = new TreeMap<>();
    Map<String, Terminator.Trap> first = new TreeMap<>();
    for (Terminator.Trap t : traps()) {
      String key = t.kind().name() + String.format(Locale.ROOT, "%08x", t.word());
      sites.computeIfAbsent(key, k -> new TreeSet<>(Long::compareUnsigned)).add(t.pc());
      first.putIfAbsent(key, t);
    }
    ObjectNode root = JSON.objectNode();
    root.put("format", "recomp.lift-unsupported/1");
    root.put("image_sha256", analysis.imageSha256());
    ArrayNode list = root.putArray("encodings");
    Decoder decoder = Decoder.standard();
    first.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<String, Terminator.Trap>>comparingInt(
                    e -> -sites.get(e.getKey()).size())
                .thenComparing(Map.Entry::getKey))
        .forEach(
            e -> {
              Terminator.Trap t = e.getValue();
              ObjectNode node = list.addObject();
              node.put("word", String.format(Locale.ROOT, "0x%08x", t.word()));
              node.put("kind", t.kind().name().toLowerCase(Locale.ROOT));
              node.put("disassembly", Disassembler.format(decoder.decode(t.pc(), t.word())));
              node.put("count", sites.get(e.getKey()).size());
              ArrayNode at = node.putArray("sites");
              sites.get(e.getKey()).forEach(pc -> at.add(hex(pc)));
            });
    return root;
  }

  private List<Terminator.Trap> traps() {
    return functions.stream()
        .flatMap(f -> f.blocks().stream())
        .map(Block::terminator)
        .<Terminator.Trap>mapMulti(
            (t, out) -> {
              if (t instanceof Terminator.Trap trap
                  && (trap.kind() == Terminator.TrapKind.UNDEFINED
                      || trap.kind() == Terminator.TrapKind.UNIMPLEMENTED)) {
                out.accept(trap);
              }
            })
        .toList();
  }

  private static long instructions(GuestFunction f) {
    return f.blocks().stream()
        .flatMap(b -> b.ops().stream())
        .filter(op -> op instanceof Op.InsnStart)
        .count();
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
