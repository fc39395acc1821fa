package dev.recomp.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The stages of the lifecycle, in execution order (SPEC-270). */
public enum StageName {
  INTAKE,
  ANALYSIS,
  LIFT,
  BUILD,
  RUN,
  VALIDATE,
  ARCHIVE;

  /** The name used in automation.toml, the manifest and on the command line. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The stage named {@code text}; an unknown name is a one-line error listing the valid ones. */
  public static StageName parse(String text) {
    return Arrays.stream(values())
        .filter(s -> s.wire().equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                new AutomationException(
                    "unknown stage '"
                        + text
                        + "' (stages: "
                        + Arrays.stream(values())
                            .map(StageName::wire)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  @Override
  public String toString() {
    return wire();
  }
}
