package dev.recomp.validation;

import static dev.recomp.validation.TestCaptures.capture;
import static dev.recomp.validation.TestCaptures.movingSquare;
import static dev.recomp.validation.TestCaptures.result;
import static dev.recomp.validation.TestCaptures.validate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recomp.validation.internal.ImageMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameChecksTest {
  static final List<String> FRAME_CHECKS =
      List.of(
          "frame-geometry",
          "frame-count",
          "frame-drift",
          "frame-exact-match",
          "frame-ssim",
          "frame-psnr");

  static double measured(ValidationReport r, String id) {
    return switch (result(r, id).outcome()) {
      case Outcome.Passed p -> number(p.measured());
      case Outcome.Failed f -> number(f.measured());
      case Outcome.Skipped s -> throw new AssertionError(id + " skipped: " + s.reason());
    };
  }

  static double number(Value v) {
    return switch (v) {
      case Value.Int i -> i.value();
      case Value.Real d -> d.value();
      case Value.Text t -> throw new AssertionError("text " + t.value());
    };
  }

  @Test
  void identicalFramesPassEveryCheck() {
    ValidationReport r =
        validate(
            capture().frames(movingSquare(12)).build(), capture().frames(movingSquare(12)).build());
    for (String id : FRAME_CHECKS) {
      assertEquals("pass", result(r, id).status(), id);
    }
    assertEquals(1.0, measured(r, "frame-exact-match"));
    assertEquals(1.0, measured(r, "frame-ssim"));
    assertEquals(ImageMetrics.PSNR_IDENTICAL_DB, measured(r, "frame-psnr"));
  }

  @Test
  void noFramesSkipsFrameChecks() {
    ValidationReport r = validate(capture().build(), capture().build());
    for (String id : FRAME_CHECKS) {
      assertEquals("skipped", result(r, id).status(), id);
    }
  }

  @Test
  void slightNoiseNeedsReviewButPassesPerceptualGates() {
    List<Frame> noisy = new ArrayList<>();
    for (Frame f : movingSquare(10)) {
      noisy.add(TestCaptures.noisy(f, 2, f.name().hashCode()));
    }
    ValidationReport r =
        validate(capture().frames(noisy).build(), capture().frames(movingSquare(10)).build());
    assertEquals("fail", result(r, "frame-exact-match").status());
    assertEquals("pass", result(r, "frame-ssim").status());
    assertEquals("pass", result(r, "frame-psnr").status());
    assertEquals("pass", result(r, "frame-drift").status());
    assertEquals(Verdict.NEEDS_REVIEW, r.verdict());
  }

  @Test
  void aWrongRegionFailsSsimAndPsnrAtTheWorstFrame() {
    List<Frame> frames = new ArrayList<>(movingSquare(10));
    frames.set(6, TestCaptures.painted(frames.get(6), 0, 0, 20, 16, 0x00FF00));
    ValidationReport r =
        validate(capture().frames(frames).build(), capture().frames(movingSquare(10)).build());
    CheckResult ssim = result(r, "frame-ssim");
    assertEquals("fail", ssim.status());
    assertEquals("frame 000006.png", ssim.triage().evidence().where());
    assertEquals("fail", result(r, "frame-psnr").status());
    assertEquals(0.9, measured(r, "frame-exact-match"));
    assertEquals(Verdict.FAIL, r.verdict());
  }

  @Test
  void driftWithinLimitPassesAndBeyondFails() {
    List<Frame> ref = movingSquare(20);
    ValidationReport ok =
        validate(capture().frames(lagged(ref, 3)).build(), capture().frames(ref).build());
    assertEquals(3.0, measured(ok, "frame-drift"));
    assertEquals("pass", result(ok, "frame-drift").status());
    assertEquals("pass", result(ok, "frame-ssim").status());

    ValidationReport late =
        validate(capture().frames(lagged(ref, 4)).build(), capture().frames(ref).build());
    assertEquals(4.0, measured(late, "frame-drift"));
    CheckResult drift = result(late, "frame-drift");
    assertEquals("fail", drift.status());
    assertEquals(Category.TIMING, drift.triage().category());
  }

  // The capture shows the reference's frames `lag` frames late: the first `lag` repeat frame 0.
  static List<Frame> lagged(List<Frame> ref, int lag) {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < ref.size(); i++) {
      Frame src = ref.get(Math.max(0, i - lag));
      out.add(Frame.of(String.format("%06d.png", i), src.width(), src.height(), src.rgb()));
    }
    return out;
  }

  @Test
  void droppedFramesAtTheLimitPassAndOneMoreFails() {
    List<Frame> ref = movingSquare(12);
    ValidationReport edge =
        validate(capture().frames(ref.subList(0, 10)).build(), capture().frames(ref).build());
    assertEquals("pass", result(edge, "frame-count").status());
    ValidationReport over =
        validate(capture().frames(ref.subList(0, 9)).build(), capture().frames(ref).build());
    assertEquals("fail", result(over, "frame-count").status());
    assertEquals(Category.TIMING, result(over, "frame-count").triage().category());
  }

  @Test
  void exactMatchRatioAtTheGateEdge() {
    List<Frame> ref = movingSquare(25);
    List<Frame> two = new ArrayList<>(ref);
    two.set(3, TestCaptures.noisy(ref.get(3), 1, 1));
    two.set(9, TestCaptures.noisy(ref.get(9), 1, 2));
    // 23/25 = 0.92: exactly the default gate passes.
    assertEquals(
        "pass",
        result(
                validate(capture().frames(two).build(), capture().frames(ref).build()),
                "frame-exact-match")
            .status());
    two.set(15, TestCaptures.noisy(ref.get(15), 1, 3));
    assertEquals(
        "fail",
        result(
                validate(capture().frames(two).build(), capture().frames(ref).build()),
                "frame-exact-match")
            .status());
  }

  @Test
  void ssimAndPsnrGatesAreInclusiveAtTheReportedValue() {
    List<Frame> ref = movingSquare(6);
    List<Frame> noisy = new ArrayList<>();
    for (Frame f : ref) {
      noisy.add(TestCaptures.noisy(f, 6, f.name().hashCode()));
    }
    Capture a = capture().frames(noisy).build();
    Capture r = capture().frames(ref).build();
    ValidationReport probe = validate(a, r);
    double ssim = measured(probe, "frame-ssim");
    double psnr = measured(probe, "frame-psnr");
    String at = "{\"ssim_min\": " + ssim + ", \"psnr_min_db\": " + psnr + "}";
    ValidationReport edge = Validator.validate(a, r, Gates.fromJson(TestJson.object(at), "t"));
    assertEquals("pass", result(edge, "frame-ssim").status());
    assertEquals("pass", result(edge, "frame-psnr").status());
    String above = "{\"ssim_min\": " + (ssim + 1e-6) + ", \"psnr_min_db\": " + (psnr + 1e-6) + "}";
    ValidationReport over = Validator.validate(a, r, Gates.fromJson(TestJson.object(above), "t"));
    assertEquals("fail", result(over, "frame-ssim").status());
    assertEquals("fail", result(over, "frame-psnr").status());
  }

  @Test
  void sizeMismatchIsACaptureProblem() {
    List<Frame> big = new ArrayList<>();
    for (Frame f : movingSquare(3)) {
      big.add(Frame.of(f.name(), 16, 12, new int[16 * 12]));
    }
    ValidationReport r =
        validate(capture().frames(big).build(), capture().frames(movingSquare(3)).build());
    CheckResult g = result(r, "frame-geometry");
    assertEquals("fail", g.status());
    assertEquals(Category.CAPTURE, g.triage().category());
    assertEquals("skipped", result(r, "frame-ssim").status());
  }

  @Test
  void framesOnOneSideFailGeometry() {
    ValidationReport r = validate(capture().build(), capture().frames(movingSquare(3)).build());
    assertEquals("fail", result(r, "frame-geometry").status());
    assertEquals("skipped", result(r, "frame-count").status());
  }

  @Test
  void ssimAndPsnrKnownValues() {
    Frame a = TestCaptures.squareFrame(0);
    assertEquals(1.0, ImageMetrics.ssim(a, a), 1e-12);
    // Every channel off by exactly 1: MSE 1, PSNR = 10 log10(255^2) = 48.1308 dB.
    int[] rgb = a.rgb().clone();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = rgb[i] ^ 0x010101;
    }
    Frame b = Frame.of("b", a.width(), a.height(), rgb);
    assertEquals(48.1308, ImageMetrics.psnr(a, b), 1e-4);
    double s = ImageMetrics.ssim(a, b);
    assertTrue(s > 0.99 && s < 1.0, "ssim " + s);
    Frame inverted = Frame.of("i", a.width(), a.height(), invert(a.rgb()));
    assertTrue(ImageMetrics.ssim(a, inverted) < 0.2);
  }

  static int[] invert(int[] rgb) {
    int[] out = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = ~rgb[i] & 0xFFFFFF;
    }
    return out;
  }
}
