package dev.recomp.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.validation.internal.Json;
import java.nio.charset.StandardCharsets;

final class TestJson {
  private TestJson() {}

  static ObjectNode object(String json) {
    return Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "test");
  }
}
