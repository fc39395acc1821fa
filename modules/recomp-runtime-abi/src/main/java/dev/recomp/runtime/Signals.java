package dev.recomp.runtime;

import java.util.Map;

/** Linux signal numbers (aarch64 uses the generic numbering) and their names. */
public final class Signals {
  /** SIGHUP. */
  public static final int SIGHUP = 1;

  /** SIGINT. */
  public static final int SIGINT = 2;

  /** SIGQUIT. */
  public static final int SIGQUIT = 3;

  /** SIGILL. */
  public static final int SIGILL = 4;

  /** SIGTRAP. */
  public static final int SIGTRAP = 5;

  /** SIGABRT. */
  public static final int SIGABRT = 6;

  /** SIGBUS. */
  public static final int SIGBUS = 7;

  /** SIGFPE. */
  public static final int SIGFPE = 8;

  /** SIGKILL. */
  public static final int SIGKILL = 9;

  /** SIGUSR1. */
  public static final int SIGUSR1 = 10;

  /** SIGSEGV. */
  public static final int SIGSEGV = 11;

  /** SIGUSR2. */
  public static final int SIGUSR2 = 12;

  /** SIGPIPE. */
  public static final int SIGPIPE = 13;

  /** SIGALRM. */
  public static final int SIGALRM = 14;

  /** SIGTERM. */
  public static final int SIGTERM = 15;

  /** SIGCHLD. */
  public static final int SIGCHLD = 17;

  /** SIGCONT. */
  public static final int SIGCONT = 18;

  /** SIGSTOP. */
  public static final int SIGSTOP = 19;

  /** SIGTSTP. */
  public static final int SIGTSTP = 20;

  /** SIGWINCH. */
  public static final int SIGWINCH = 28;

  /** The highest signal number (real-time signals included). */
  public static final int MAX = 64;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(SIGHUP, "SIGHUP"),
          Map.entry(SIGINT, "SIGINT"),
          Map.entry(SIGQUIT, "SIGQUIT"),
          Map.entry(SIGILL, "SIGILL"),
          Map.entry(SIGTRAP, "SIGTRAP"),
          Map.entry(SIGABRT, "SIGABRT"),
          Map.entry(SIGBUS, "SIGBUS"),
          Map.entry(SIGFPE, "SIGFPE"),
          Map.entry(SIGKILL, "SIGKILL"),
          Map.entry(SIGUSR1, "SIGUSR1"),
          Map.entry(SIGSEGV, "SIGSEGV"),
          Map.entry(SIGUSR2, "SIGUSR2"),
          Map.entry(SIGPIPE, "SIGPIPE"),
          Map.entry(SIGALRM, "SIGALRM"),
          Map.entry(SIGTERM, "SIGTERM"),
          Map.entry(SIGCHLD, "SIGCHLD"),
          Map.entry(SIGCONT, "SIGCONT"),
          Map.entry(SIGSTOP, "SIGSTOP"),
          Map.entry(SIGTSTP, "SIGTSTP"),
          Map.entry(SIGWINCH, "SIGWINCH"));

  private Signals() {}

  /** "SIGSEGV" for 11; "SIG" + the number for signals without a classic name. */
  public static String name(int signal) {
    return NAMES.getOrDefault(signal, "SIG" + signal);
  }

  /**
   * Whether the default action of {@code signal} is to ignore it (SIGCHLD, SIGCONT, SIGWINCH)
   * rather than to end the process.
   */
  public static boolean ignoredByDefault(int signal) {
    return signal == SIGCHLD || signal == SIGCONT || signal == SIGWINCH;
  }
}
