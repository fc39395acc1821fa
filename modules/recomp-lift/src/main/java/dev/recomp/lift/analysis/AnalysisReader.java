package dev.recomp.lift.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.recomp.lift.analysis.internal.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Reads back what {@link AnalysisWriter} wrote, so the lift stage consumes the analysis stage's
 * artifacts (which an external tool may also have produced) rather than analyzing again. Reading
 * then writing gives the same bytes. A malformed file is an {@link IOException} whose message names
 * the file and the JSON pointer of the bad value.
 */
public final class AnalysisReader {
  private final Path file;

  private AnalysisReader(Path file) {
    this.file = file;
  }

  /**
   * Reads {@code functions.json}, {@code name_map.json} and {@code unresolved.json} from {@code
   * directory}.
   */
  public static ProgramAnalysis read(Path directory) throws IOException {
    JsonNode functions = parse(directory.resolve(AnalysisWriter.FUNCTIONS));
    JsonNode names = parse(directory.resolve(AnalysisWriter.NAME_MAP));
    JsonNode unresolved = parse(directory.resolve(AnalysisWriter.UNRESOLVED));
    AnalysisReader f = new AnalysisReader(directory.resolve(AnalysisWriter.FUNCTIONS));
    AnalysisReader n = new AnalysisReader(directory.resolve(AnalysisWriter.NAME_MAP));
    AnalysisReader u = new AnalysisReader(directory.resolve(AnalysisWriter.UNRESOLVED));
    f.format(functions, "recomp.functions/1");
    n.format(names, "recomp.name-map/1");
    u.format(unresolved, "recomp.unresolved/1");
    String sha = f.text(functions, "/image_sha256");
    n.sameImage(names, sha);
    u.sameImage(unresolved, sha);
    return new ProgramAnalysis(
        sha,
        f.text(functions, "/config_hash"),
        f.address(functions, "/entry"),
        f.number(functions, "/stats/code_bytes"),
        f.list(functions, "/functions", f::function),
        n.list(names, "/names", n::name),
        f.list(functions, "/jump_tables", f::jumpTable),
        u.list(unresolved, "/unresolved", u::unresolved),
        f.list(functions, "/notes", (p, node) -> f.text(node, "", p)));
  }

  private static JsonNode parse(Path path) throws IOException {
    try {
      return CanonicalJson.MAPPER.readTree(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": missing (the analysis stage writes it)", e);
    } catch (IOException e) {
      throw new IOException(
          path + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private interface Reader<T> {
    T read(String pointer, JsonNode node) throws IOException;
  }

  private dev.recomp.lift.analysis.Function function(String p, JsonNode node) throws IOException {
    JsonNode stub = node.path("stub");
    Optional<OptionalLong> stubbed =
        stub.isMissingNode()
            ? Optional.empty()
            : Optional.of(
                stub.has("returns")
                    ? OptionalLong.of(number(stub, "/returns", p + "/stub"))
                    : OptionalLong.empty());
    return new dev.recomp.lift.analysis.Function(
        address(node, "/start", p),
        address(node, "/end", p),
        text(node, "/name", p),
        list(node, "/evidence", p, (q, e) -> constant(StartEvidence.class, e, q)),
        list(node, "/blocks", p, this::block),
        bool(node, "/returns", p),
        stubbed);
  }

  private Block block(String p, JsonNode node) throws IOException {
    return new Block(
        address(node, "/start", p),
        address(node, "/end", p),
        constant(BlockExit.class, node.at("/exit"), p + "/exit"),
        list(node, "/successors", p, this::address),
        node.has("calls") ? list(node, "/calls", p, this::address) : List.of(),
        node.has("tail_call")
            ? OptionalLong.of(address(node, "/tail_call", p))
            : OptionalLong.empty());
  }

  private JumpTable jumpTable(String p, JsonNode node) throws IOException {
    String source = text(node, "/source", p);
    if (!source.equals("config") && !source.equals("pattern")) {
      throw error(p + "/source", "expected \"config\" or \"pattern\", found " + quoted(source));
    }
    return new JumpTable(
        address(node, "/branch", p),
        address(node, "/table", p),
        (int) number(node, "/entries", p),
        (int) number(node, "/entry_size", p),
        bool(node, "/signed", p),
        node.has("anchor") ? OptionalLong.of(address(node, "/anchor", p)) : OptionalLong.empty(),
        (int) number(node, "/shift", p),
        list(node, "/targets", p, this::address),
        source.equals("config"));
  }

  private NameEntry name(String p, JsonNode node) throws IOException {
    return new NameEntry(
        address(node, "/address", p),
        text(node, "/name", p),
        constant(NameEvidence.class, node.at("/evidence"), p + "/evidence"),
        node.has("aliases") ? list(node, "/aliases", p, (q, a) -> text(a, "", q)) : List.of());
  }

  private UnresolvedTarget unresolved(String p, JsonNode node) throws IOException {
    return new UnresolvedTarget(
        address(node, "/pc", p),
        address(node, "/function", p),
        constant(UnresolvedTarget.Kind.class, node.at("/kind"), p + "/kind"),
        text(node, "/reason", p));
  }

  private void sameImage(JsonNode doc, String sha) throws IOException {
    if (!text(doc, "/image_sha256").equals(sha)) {
      throw error("/image_sha256", "describes another image than functions.json");
    }
  }

  private void format(JsonNode doc, String expected) throws IOException {
    String found = text(doc, "/format");
    if (!found.equals(expected)) {
      throw error("/format", "expected \"" + expected + "\", found " + quoted(found));
    }
  }

  private <T> List<T> list(JsonNode doc, String pointer, Reader<T> reader) throws IOException {
    return list(doc, pointer, "", reader);
  }

  private <T> List<T> list(JsonNode doc, String pointer, String base, Reader<T> reader)
      throws IOException {
    JsonNode array = doc.at(pointer);
    if (!array.isArray()) {
      throw error(base + pointer, "expected an array");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(reader.read(base + pointer + "/" + i, array.get(i)));
    }
    return out;
  }

  private long address(String p, JsonNode node) throws IOException {
    return address(node, "", p);
  }

  private long address(JsonNode doc, String pointer) throws IOException {
    return address(doc, pointer, "");
  }

  private long address(JsonNode doc, String pointer, String base) throws IOException {
    String text = text(doc, pointer, base);
    try {
      if (text.startsWith("0x")) {
        return Long.parseUnsignedLong(text.substring(2), 16);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(base + pointer, "expected an address \"0x...\", found " + quoted(text));
  }

  private String text(JsonNode doc, String pointer) throws IOException {
    return text(doc, pointer, "");
  }

  private String text(JsonNode doc, String pointer, String base) throws IOException {
    return value(doc, pointer, base, JsonNode::isTextual, "a string").asText();
  }

  private long number(JsonNode doc, String pointer) throws IOException {
    return number(doc, pointer, "");
  }

  private long number(JsonNode doc, String pointer, String base) throws IOException {
    return value(doc, pointer, base, JsonNode::isIntegralNumber, "an integer").asLong();
  }

  private boolean bool(JsonNode doc, String pointer, String base) throws IOException {
    return value(doc, pointer, base, JsonNode::isBoolean, "true or false").asBoolean();
  }

  private JsonNode value(
      JsonNode doc, String pointer, String base, Predicate<JsonNode> ok, String what)
      throws IOException {
    JsonNode node = pointer.isEmpty() ? doc : doc.at(pointer);
    if (node.isMissingNode() || !ok.test(node)) {
      throw error(base + pointer, node.isMissingNode() ? "missing" : "expected " + what);
    }
    return node;
  }

  private <E extends Enum<E>> E constant(Class<E> type, JsonNode node, String pointer)
      throws IOException {
    if (node.isTextual()) {
      for (E e : type.getEnumConstants()) {
        if (e.name().toLowerCase(Locale.ROOT).equals(node.asText())) {
          return e;
        }
      }
    }
    List<String> known =
        List.of(type.getEnumConstants()).stream()
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .toList();
    throw error(pointer, "expected one of " + known);
  }

  /** {@code text} as a JSON string literal: quoted, control characters escaped, one line. */
  private static String quoted(String text) {
    return new TextNode(text).toString();
  }

  private IOException error(String pointer, String message) {
    return new IOException(file + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + message);
  }
}
