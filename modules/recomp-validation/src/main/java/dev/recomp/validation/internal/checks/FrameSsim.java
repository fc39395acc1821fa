package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.internal.ImageMetrics;

/** The worst aligned frame pair's SSIM must reach {@code ssim_min}. */
public final class FrameSsim implements Check {
  @Override
  public String id() {
    return "frame-ssim";
  }

  @Override
  public String summary() {
    return "SSIM of the worst aligned frame pair at least ssim_min";
  }

  @Override
  public Severity severity() {
    return Severity.ERROR;
  }

  @Override
  public String comparison() {
    return ">=";
  }

  @Override
  public String unit() {
    return "ssim";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    return FrameMetric.worstPair(c, "SSIM", c.gates().ssimMin(), ImageMetrics::ssim);
  }
}
