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
   *
   * @throws IllegalArgumentException if the config names, by {@code [title] sha256}, another
   *     binary: its addresses and patches would be applied to the wrong code
   */
  public static ProgramAnalysis analyze(GuestImage image, TitleConfig config) {
    config
        .sha256()
        .filter(expected -> !expected.equals(image.sha256()))
        .ifPresent(
            expected -> {
              throw new IllegalArgumentException(
                  config.source().map(Object::toString).orElse("title config")
                      + ": [title] sha256 is "
                      + expected
                      + ", but the image's is "
                      + image.sha256());
            });
    return Discovery.analyze(image, config);
  }
}
