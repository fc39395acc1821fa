package dev.recomp.lift.analysis;

import dev.recomp.intake.GuestImage;
import dev.recomp.lift.analysis.internal.Discovery;

/**
 * Static analysis of a guest image: function discovery, basic blocks, jump tables, names, and the
 * ledger of what must be left to run time. See docs/analysis.md.
 */
public final class Analysis {
  private Analysis() {}

  /**
   * Analyzes {@code image} with the hints of {@code config} ({@link TitleConfig#empty()} if none).
   */
  public static ProgramAnalysis analyze(GuestImage image, TitleConfig config) {
    return Discovery.analyze(image, config);
  }
}
