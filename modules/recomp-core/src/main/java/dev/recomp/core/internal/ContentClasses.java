package dev.recomp.core.internal;

import dev.recomp.core.RedactionProfile.Content;
import dev.recomp.core.StageName;
import java.util.Map;

/**
 * Which class of content an artifact is, for the redaction profile: by its role where the role
 * says, else by the stage that wrote it (an external command's outputs are judged by its stage).
 */
public final class ContentClasses {
  private static final Map<String, Content> BY_ROLE =
      Map.of(
          "intake_record", Content.RECORDS,
          "image_description", Content.RECORDS,
          "validation_report", Content.RECORDS,
          "capture_stdout", Content.CAPTURES,
          "capture_stderr", Content.CAPTURES,
          "capture_exit_status", Content.CAPTURES,
          "log_stdout", Content.LOGS,
          "log_stderr", Content.LOGS);

  private ContentClasses() {}

  /** The class of an artifact with {@code role}, written by {@code stage}. */
  public static Content of(StageName stage, String role) {
    if (BY_ROLE.containsKey(role)) {
      return BY_ROLE.get(role);
    }
    if (role.startsWith("reference_")) {
      return Content.CAPTURES;
    }
    return switch (stage) {
      case INTAKE -> Content.SEGMENTS;
      case BUILD -> Content.BINARIES;
      case RUN -> Content.CAPTURES;
      case ANALYSIS, LIFT, VALIDATE, ARCHIVE -> Content.RECORDS;
    };
  }
}
