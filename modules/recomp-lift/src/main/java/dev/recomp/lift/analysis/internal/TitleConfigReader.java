package dev.recomp.lift.analysis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import dev.recomp.lift.analysis.TitleConfig;
import dev.recomp.lift.analysis.TitleConfig.FunctionHint;
import dev.recomp.lift.analysis.TitleConfig.Hook;
import dev.recomp.lift.analysis.TitleConfig.Patch;
import dev.recomp.lift.analysis.TitleConfig.Rename;
import dev.recomp.lift.analysis.TitleConfig.Selector;
import dev.recomp.lift.analysis.TitleConfig.Stub;
import dev.recomp.lift.analysis.TitleConfig.SwitchTable;
import dev.recomp.lift.analysis.TitleConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/** Reads a title config: TOML syntax, then the schema, then the model and its canonical hash. */
public final class TitleConfigReader {
  private static final TomlMapper TOML = new TomlMapper();

  /** Schema error kinds in the order a reader should hear about them. */
  private static final Map<String, Integer> PRIORITY =
      Map.of("additionalProperties", 0, "type", 1, "required", 3, "oneOf", 4);

  private TitleConfigReader() {}

  /** The empty config: no hints; its hash is that of an empty document. */
  public static TitleConfig empty() {
    return new TitleConfig(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        CanonicalJson.sha256(TOML.createObjectNode(), List.of()));
  }

  /** Reads {@code file}; every failure is one line naming the file, line and key. */
  public static TitleConfig read(Path file) throws TitleConfigException {
    String name = file.toString();
    String text = decode(name, readBytes(file));
    JsonNode tree = parse(name, text);
    List<ValidationMessage> errors = new ArrayList<>(Schemas.titleConfig().validate(tree));
    if (!errors.isEmpty()) {
      throw schemaError(name, text, errors);
    }
    Path directory = file.toAbsolutePath().getParent();
    List<Path> classpath =
        strings(tree.path("classpath")).stream().map(directory::resolve).toList();
    for (int i = 0; i < classpath.size(); i++) {
      if (!Files.exists(classpath.get(i))) {
        throw new TitleConfigException(
            at(name, text, "$.classpath[" + i + "]")
                + "classpath["
                + i
                + "]: no such file or directory: "
                + classpath.get(i));
      }
    }
    return new TitleConfig(
        Optional.of(file),
        text(tree.path("title").path("name")),
        text(tree.path("title").path("sha256")),
        classpath,
        items(tree, "functions", TitleConfigReader::function),
        items(tree, "switch_tables", TitleConfigReader::switchTable),
        items(tree, "stubs", n -> new Stub(selector(n), number(n.path("returns")))),
        items(tree, "ignored", TitleConfigReader::selector),
        items(tree, "renames", n -> new Rename(selector(n), n.path("to").asText())),
        items(
            tree,
            "patches",
            n ->
                new Patch(
                    n.path("address").asLong(),
                    (int) n.path("word").asLong(),
                    text(n.path("comment")))),
        items(tree, "hooks", TitleConfigReader::hook),
        hash(name, tree, classpath));
  }

  private static byte[] readBytes(Path file) throws TitleConfigException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TitleConfigException(file + ": cannot read: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + " " + e.getMessage();
  }

  private static String decode(String name, byte[] bytes) throws TitleConfigException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new TitleConfigException(name + ": not UTF-8 text", e);
    }
  }

  private static JsonNode parse(String name, String text) throws TitleConfigException {
    try {
      JsonNode tree = TOML.readTree(text);
      return tree == null ? TOML.createObjectNode() : tree;
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      String position = where == null ? "" : where.getLineNr() + ":" + where.getColumnNr() + ": ";
      throw new TitleConfigException(
          name + ":" + position + "TOML syntax error: " + firstLine(e.getOriginalMessage()), e);
    } catch (RuntimeException e) {
      // The TOML reader reports some malformed input (e.g. overflowing numbers) unchecked.
      throw new TitleConfigException(name + ": TOML syntax error: " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("");
  }

  private static TitleConfigException schemaError(
      String name, String text, List<ValidationMessage> errors) {
    TomlKeyLines lines = TomlKeyLines.of(text);
    ValidationMessage first =
        errors.stream()
            .min(
                Comparator.<ValidationMessage>comparingInt(
                        m -> PRIORITY.getOrDefault(m.getType(), 2))
                    .thenComparingInt(m -> lines.line(keyPath(m)).orElse(Integer.MAX_VALUE))
                    .thenComparing(ValidationMessage::getMessage))
            .orElseThrow();
    String object = render(first.getInstanceLocation());
    String key = keyPath(first);
    String line = lines.line(key).or(() -> lines.line(object)).map(n -> n + ":").orElse("");
    String message =
        switch (first.getType()) {
          case "additionalProperties" ->
              "unknown key '"
                  + first.getProperty()
                  + "'"
                  + (object.equals("$") ? "" : " in " + object.substring(2));
          case "required" ->
              (object.equals("$") ? "" : object.substring(2) + ": ")
                  + "missing key '"
                  + first.getProperty()
                  + "'";
          default -> (object.equals("$") ? "document" : object.substring(2)) + ": " + error(first);
        };
    return new TitleConfigException(name + ":" + line + " " + message);
  }

  private static String error(ValidationMessage message) {
    String text = message.getError() == null ? message.getMessage() : message.getError();
    return "oneOf".equals(message.getType())
        ? "give exactly one of the alternative keys (" + text + ")"
        : text;
  }

  /** The path of the key an error is about: the property itself when the error names one. */
  private static String keyPath(ValidationMessage message) {
    String object = render(message.getInstanceLocation());
    return message.getProperty() == null
        ? object
        : TomlKeyLines.path(object, message.getProperty());
  }

  private static String render(JsonNodePath path) {
    String rendered = "$";
    for (int i = 0; i < path.getNameCount(); i++) {
      rendered = TomlKeyLines.path(rendered, path.getElement(i));
    }
    return rendered;
  }

  private static String at(String name, String text, String path) {
    return name + ":" + TomlKeyLines.of(text).line(path).map(n -> n + ":").orElse("") + " ";
  }

  private static <T> List<T> items(JsonNode tree, String key, Function<JsonNode, T> reader) {
    return StreamSupport.stream(tree.path(key).spliterator(), false).map(reader).toList();
  }

  private static FunctionHint function(JsonNode node) {
    return new FunctionHint(
        node.path("address").asLong(), number(node.path("size")), text(node.path("name")));
  }

  private static SwitchTable switchTable(JsonNode node) {
    long branch = node.path("branch").asLong();
    if (node.has("targets")) {
      List<Long> targets =
          StreamSupport.stream(node.path("targets").spliterator(), false)
              .map(JsonNode::asLong)
              .toList();
      return new SwitchTable.Listed(branch, targets);
    }
    return new SwitchTable.Encoded(
        branch,
        node.path("table").asLong(),
        node.path("entries").asInt(),
        node.path("entry_size").asInt(),
        node.path("signed").asBoolean(false),
        number(node.path("anchor")),
        node.path("shift").asInt(0));
  }

  private static Selector selector(JsonNode node) {
    return node.has("address")
        ? new Selector.ByAddress(node.path("address").asLong())
        : new Selector.ByName(node.path("name").asText());
  }

  private static Hook hook(JsonNode node) {
    return new Hook(
        node.path("address").asLong(),
        node.path("class").asText(),
        node.path("method").asText(),
        Hook.When.valueOf(node.path("when").asText("before").toUpperCase(Locale.ROOT)));
  }

  private static OptionalLong number(JsonNode node) {
    return node.isMissingNode() ? OptionalLong.empty() : OptionalLong.of(node.asLong());
  }

  private static Optional<String> text(JsonNode node) {
    return node.isMissingNode() ? Optional.empty() : Optional.of(node.asText());
  }

  private static List<String> strings(JsonNode node) {
    return StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static String hash(String name, JsonNode tree, List<Path> classpath)
      throws TitleConfigException {
    List<byte[]> contents = new ArrayList<>();
    for (Path entry : classpath) {
      try {
        contents.add(CanonicalJson.contentDigest(entry));
      } catch (IOException e) {
        throw new TitleConfigException(name + ": cannot read classpath entry " + entry, e);
      }
    }
    return CanonicalJson.sha256(tree, contents);
  }
}
