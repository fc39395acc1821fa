package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import dev.recomp.validation.Comparison;
import dev.recomp.validation.Outcome;
import dev.recomp.validation.Severity;
import dev.recomp.validation.internal.ImageMetrics;

/** The worst aligned frame pair's PSNR must reach {@code psnr_min_db}. */
public final class FramePsnr implements Check {
  @Override
  public String id() {
    return "frame-psnr";
  }

  @Override
  public String summary() {
    return "PSNR of the worst aligned frame pair at least psnr_min_db";
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
    return "dB";
  }

  @Override
  public Outcome evaluate(Comparison c) {
    return FrameMetric.worstPair(c, "PSNR", c.gates().psnrMinDb(), ImageMetrics::psnr);
  }
}
