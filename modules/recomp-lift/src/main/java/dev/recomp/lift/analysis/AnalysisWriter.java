package dev.recomp.lift.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.intake.OutputFiles;
import dev.recomp.lift.analysis.internal.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Writes an analysis as {@code functions.json}, {@code name_map.json} and {@code unresolved.json}
 * (schemas/functions.schema.json, schemas/name-map.schema.json). Addresses are {@code "0x..."}
 * strings, object keys are sorted, and each file is written to a temporary name and renamed, so a
 * file either is whole or is not there.
 */
public final class AnalysisWriter {
  /** functions.json. */
  public static final String FUNCTIONS = "functions.json";

  /** name_map.json. */
  public static final String NAME_MAP = "name_map.json";

  /** unresolved.json: the ledger of transfers left to run time. */
  public static final String UNRESOLVED = "unresolved.json";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private AnalysisWriter() {}

  /** Writes the three files into {@code directory}, creating it if needed. */
  public static void write(ProgramAnalysis analysis, Path directory) throws IOException {
    Files.createDirectories(directory);
    writeAtomically(directory.resolve(FUNCTIONS), functions(analysis));
    writeAtomically(directory.resolve(NAME_MAP), nameMap(analysis));
    writeAtomically(directory.resolve(UNRESOLVED), unresolved(analysis));
  }

  /** The functions.json document. */
  public static ObjectNode functions(ProgramAnalysis analysis) {
    ObjectNode root = header("recomp.functions/1", analysis);
    root.put("config_hash", analysis.configHash());
    root.put("entry", hex(analysis.entry()));
    ArrayNode functions = root.putArray("functions");
    long blocks = 0;
    long instructions = 0;
    for (Function f : analysis.functions()) {
      ObjectNode node = functions.addObject();
      node.put("start", hex(f.start()));
      node.put("end", hex(f.end()));
      node.put("size", f.end() - f.start());
      node.put("name", f.name());
      ArrayNode evidence = node.putArray("evidence");
      f.evidence().forEach(e -> evidence.add(lower(e)));
      node.put("returns", f.returns());
      f.stub()
          .ifPresent(
              returns -> {
                ObjectNode stub = node.putObject("stub");
                returns.ifPresent(v -> stub.put("returns", v));
              });
      ArrayNode blockArray = node.putArray("blocks");
      for (Block b : f.blocks()) {
        ObjectNode block = blockArray.addObject();
        block.put("start", hex(b.start()));
        block.put("end", hex(b.end()));
        block.put("exit", lower(b.exit()));
        block.set("successors", addresses(b.successors()));
        if (!b.calls().isEmpty()) {
          block.set("calls", addresses(b.calls()));
        }
        b.tailCall().ifPresent(t -> block.put("tail_call", hex(t)));
        blocks++;
        instructions += (b.end() - b.start()) / 4;
      }
    }
    ArrayNode tables = root.putArray("jump_tables");
    for (JumpTable t : analysis.jumpTables()) {
      ObjectNode table = tables.addObject();
      table.put("branch", hex(t.branch()));
      table.put("table", hex(t.table()));
      table.put("entries", t.entries());
      table.put("entry_size", t.entrySize());
      table.put("signed", t.signed());
      putOptional(table, "anchor", t.anchor());
      table.put("shift", t.shift());
      table.set("targets", addresses(t.targets()));
      table.put("source", t.fromConfig() ? "config" : "pattern");
    }
    ObjectNode stats = root.putObject("stats");
    stats.put("functions", analysis.functions().size());
    stats.put("blocks", blocks);
    stats.put("block_instructions", instructions);
    stats.put("code_bytes", analysis.codeBytes());
    stats.put("covered_bytes", analysis.coveredBytes());
    stats.put("jump_tables", analysis.jumpTables().size());
    stats.put("unresolved", analysis.unresolved().size());
    ArrayNode notes = root.putArray("notes");
    analysis.notes().forEach(notes::add);
    return root;
  }

  /** The name_map.json document. */
  public static ObjectNode nameMap(ProgramAnalysis analysis) {
    ObjectNode root = header("recomp.name-map/1", analysis);
    ArrayNode names = root.putArray("names");
    for (NameEntry n : analysis.names()) {
      ObjectNode node = names.addObject();
      node.put("address", hex(n.address()));
      node.put("name", n.name());
      node.put("evidence", lower(n.evidence()));
      if (!n.aliases().isEmpty()) {
        ArrayNode aliases = node.putArray("aliases");
        n.aliases().forEach(aliases::add);
      }
    }
    return root;
  }

  /** The unresolved.json document. */
  public static ObjectNode unresolved(ProgramAnalysis analysis) {
    ObjectNode root = header("recomp.unresolved/1", analysis);
    ArrayNode entries = root.putArray("unresolved");
    for (UnresolvedTarget u : analysis.unresolved()) {
      ObjectNode node = entries.addObject();
      node.put("pc", hex(u.pc()));
      node.put("function", hex(u.function()));
      node.put("kind", lower(u.kind()));
      node.put("reason", u.reason());
    }
    return root;
  }

  /** The bytes written for {@code document}: canonical JSON, indented, with a final newline. */
  public static byte[] bytes(JsonNode document) {
    try {
      byte[] body =
          CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
      byte[] out = Arrays.copyOf(body, body.length + 1);
      out[body.length] = '\n';
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode header(String format, ProgramAnalysis analysis) {
    ObjectNode root = JSON.objectNode();
    root.put("format", format);
    root.put("image_sha256", analysis.imageSha256());
    return root;
  }

  private static void writeAtomically(Path target, JsonNode document) throws IOException {
    OutputFiles.replace(target, bytes(document));
  }

  private static ArrayNode addresses(List<Long> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(v -> array.add(hex(v)));
    return array;
  }

  private static void putOptional(ObjectNode node, String key, OptionalLong value) {
    value.ifPresent(v -> node.put(key, hex(v)));
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
