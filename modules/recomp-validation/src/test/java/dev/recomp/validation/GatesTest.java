package dev.recomp.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.validation.internal.Json;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GatesTest {
  @Test
  void emptyTableIsTheDefaults() {
    assertEquals(Gates.defaults(), Gates.fromJson(TestJson.object("{}"), "t"));
  }

  @Test
  void oneKeyOverridesOnlyItself() {
    Gates g = Gates.fromJson(TestJson.object("{\"ssim_min\": 0.8}"), "t");
    assertEquals(0.8, g.ssimMin());
    assertEquals(Gates.defaults().psnrMinDb(), g.psnrMinDb());
    assertEquals(Gates.defaults().traceDrop(), g.traceDrop());
  }

  @Test
  void roundTripsThroughJson() {
    Gates d = Gates.defaults();
    assertEquals(d, Gates.fromJson(d.toJson(), "t"));
    assertEquals(Gates.keys().size(), d.toJson().size());
  }

  @Test
  void unknownKeyIsNamed() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                Gates.fromJson(
                    TestJson.object("{\"ssim_minimum\": 0.8}"),
                    "automation.toml [validate.gates]"));
    assertEquals("automation.toml [validate.gates]: unknown key \"ssim_minimum\"", e.getMessage());
  }

  @Test
  void outOfRangeValueIsNamed() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                Gates.fromJson(TestJson.object("{\"frame_hash_match_ratio_min\": 1.5}"), "g.json"));
    assertEquals(
        "g.json: \"frame_hash_match_ratio_min\" must be within [0, 1], got 1.5", e.getMessage());
  }

  @Test
  void searchWindowMustCoverTheDriftLimit() {
    ValidationException e =
        assertThrows(
            ValidationException.class,
            () ->
                Gates.fromJson(
                    TestJson.object("{\"max_drift_frames\": 10, \"drift_search_frames\": 5}"),
                    "g"));
    assertTrue(e.getMessage().contains("drift_search_frames"), e.getMessage());
  }

  @Test
  void wrongTypeAndBadRegexAreNamed() {
    assertEquals(
        "g: \"ssim_min\" must be a number",
        assertThrows(
                ValidationException.class,
                () -> Gates.fromJson(TestJson.object("{\"ssim_min\": \"high\"}"), "g"))
            .getMessage());
    assertTrue(
        assertThrows(
                ValidationException.class,
                () -> Gates.fromJson(TestJson.object("{\"trace_mask\": [\"(\"]}"), "g"))
            .getMessage()
            .startsWith("g: trace_mask: not a regular expression"));
  }

  @Property(tries = 300)
  void garbageIsAOneLineErrorOrValidGates(@ForAll String text) {
    try {
      Gates.fromJson(Json.parseObject(text.getBytes(StandardCharsets.UTF_8), "g.json"), "g.json");
    } catch (ValidationException e) {
      assertTrue(e.getMessage().startsWith("g.json"), e.getMessage());
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }
}
