package dev.recomp.core;

import java.nio.file.Path;

/** Runs {@code Recomp.automate} in a child JVM, for the test that kills a run mid-stage. */
public final class AutomateMain {
  private AutomateMain() {}

  /** args[0]: the automation.toml. */
  public static void main(String[] args) {
    System.out.println(Recomp.automate(Path.of(args[0])).outcome());
  }
}
