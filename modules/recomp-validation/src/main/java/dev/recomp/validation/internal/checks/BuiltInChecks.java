package dev.recomp.validation.internal.checks;

import dev.recomp.validation.Check;
import java.util.List;

/** The registry: every built-in check, in report order. */
public final class BuiltInChecks {
  private BuiltInChecks() {}

  /** The checks, in the order reports list them. */
  public static final List<Check> ALL =
      List.of(
          new ExitStatus(),
          new StdoutBytes(),
          new StderrBytes(),
          new FilesWritten(),
          new SyscallTrace(),
          new RuntimeFaults(),
          new FrameGeometry(),
          new DroppedFrames(),
          new FrameDrift(),
          new FrameExactMatch(),
          new FrameSsim(),
          new FramePsnr(),
          new AudioFormat(),
          new AudioChunkMatch(),
          new AudioDrift(),
          new AudioLoudness(),
          new AudioPeak());
}
