package dev.recomp.runtime;

import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The version of the contract between recompiled code and this runtime: {@link CpuState} field
 * layout, {@link GuestMemory} accessor signatures, {@link GuestProcess} entry points. Every jar the
 * build stage writes records the version it was generated against in its manifest ({@link
 * #MANIFEST_ATTRIBUTE}); the jar's launcher calls {@link #check} before running any guest code.
 * Bump {@link #VERSION} whenever a change would make previously generated code misbehave.
 */
public final class RuntimeAbi {
  /** The current ABI version. */
  public static final int VERSION = 3;

  /** The jar manifest main attribute that carries the version a jar was built for. */
  public static final String MANIFEST_ATTRIBUTE = "Recomp-Runtime-Abi";

  private RuntimeAbi() {}

  /** Thrown when generated code and the runtime disagree on the ABI. */
  public static final class MismatchException extends Exception {
    private static final long serialVersionUID = 1L;

    MismatchException(String message) {
      super(message);
    }
  }

  /**
   * Checks that code generated for ABI {@code builtFor} can run on this runtime.
   *
   * @param what names the code in the error, e.g. the jar's file name
   * @throws MismatchException naming both versions and the fix, when they differ
   */
  public static void check(int builtFor, String what) throws MismatchException {
    if (builtFor != VERSION) {
      throw new MismatchException(
          what
              + " was built for recomp runtime ABI "
              + builtFor
              + " but this runtime implements ABI "
              + VERSION
              + "; recompile it with a matching recomp (recomp compile)");
    }
  }

  /**
   * Checks a jar manifest's {@link #MANIFEST_ATTRIBUTE}.
   *
   * @throws MismatchException when the attribute is missing, not a number, or another version
   */
  public static void check(Manifest manifest, String what) throws MismatchException {
    String value = manifest.getMainAttributes().getValue(MANIFEST_ATTRIBUTE);
    if (value == null) {
      throw new MismatchException(
          what
              + " has no "
              + MANIFEST_ATTRIBUTE
              + " manifest attribute; it was not built by recomp");
    }
    int builtFor;
    try {
      builtFor = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new MismatchException(
          what
              + ": manifest attribute "
              + MANIFEST_ATTRIBUTE
              + " is not a number: '"
              + value
              + "'");
    }
    check(builtFor, what);
  }

  /** Adds this runtime's version to a manifest being written for generated code. */
  public static void stamp(Manifest manifest) {
    manifest
        .getMainAttributes()
        .put(new Attributes.Name(MANIFEST_ATTRIBUTE), Integer.toString(VERSION));
  }
}
