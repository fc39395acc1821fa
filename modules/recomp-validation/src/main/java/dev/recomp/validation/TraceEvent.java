package dev.recomp.validation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a syscall/SVC trace: the guest PC that made the call when the tracer knows it, and
 * the call as text ({@code write(1,0x4a0,6) = 6}).
 *
 * <p>Line format: {@code [<pid> ][pc=0x<hex> ]<call>}. It reads {@code qemu-aarch64 -strace} logs
 * (pid prefix, no PC) and recomp runtime traces (PC prefix) alike.
 *
 * @param pc the guest PC of the call instruction, or {@code null} when the tracer does not say
 * @param call the call and its result, as the tracer printed them
 */
public record TraceEvent(Long pc, String call) {
  private static final Pattern LINE =
      Pattern.compile("^(?:\\d+ )?(?:pc=0x([0-9a-fA-F]{1,16}) )?(.*)$");

  /** Parses one trace line; {@code where} names it in errors. */
  public static TraceEvent parse(String line, String where) {
    Matcher m = LINE.matcher(line);
    if (!m.matches() || m.group(2).isBlank()) {
      throw new ValidationException(where + ": not a trace event: " + abbreviate(line));
    }
    Long pc = m.group(1) == null ? null : Long.parseUnsignedLong(m.group(1), 16);
    return new TraceEvent(pc, m.group(2).strip());
  }

  /** The call's name: the text before its argument list. */
  public String name() {
    int end = call.indexOf('(');
    return end < 0 ? call : call.substring(0, end);
  }

  /** The line as {@link #parse} reads it back. */
  public String toLine() {
    return pc == null ? call : "pc=0x" + Long.toHexString(pc) + " " + call;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
