package dev.recomp.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image description is deterministic, sorted, and says what the image says. */
class ImageDescriptionTest {
  @Test
  void sameImageSameBytesSortedKeys() throws Exception {
    Path pie = Fixtures.elf("hello-glibc-static-pie");
    String a = ImageDescription.json(ElfReader.read(pie));
    String b = ImageDescription.json(ElfReader.read(pie.toString(), Files.readAllBytes(pie)));
    assertEquals(a, b);
    assertTrue(!a.contains("\r"));
    JsonNode root = new ObjectMapper().readTree(a);
    assertSorted(root);
    GuestImage image = ElfReader.read(pie);
    assertEquals("elf", root.get("format").asText());
    assertEquals("dyn", root.get("type").asText());
    assertEquals("0x" + Long.toHexString(image.entry()), root.get("entry").asText());
    assertEquals(image.relocations().size(), root.get("relocations").size());
    assertEquals(image.symbols().size(), root.get("symbols").size());
    assertEquals(image.sha256(), root.get("sha256").asText());
    assertEquals(
        image.relocationCounts().get(RelocationType.IRELATIVE),
        root.get("relocation_counts").get("R_AARCH64_IRELATIVE").asLong());
  }

  @Test
  void writeIsAtomicAndComplete(@TempDir Path dir) throws Exception {
    GuestImage image = NroReader.read("packed.nro", SwitchFormatsTest.packedNro()).image();
    Path out = dir.resolve("intake/image.json");
    ImageDescription.write(image, out);
    assertEquals(ImageDescription.json(image), Files.readString(out));
    try (var files = Files.list(out.getParent())) {
      assertEquals(List.of(out), files.toList());
    }
  }

  private static void assertSorted(JsonNode node) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      List<String> sorted = new ArrayList<>(keys);
      sorted.sort(null);
      assertEquals(sorted, keys);
    }
    node.elements().forEachRemaining(ImageDescriptionTest::assertSorted);
  }
}
