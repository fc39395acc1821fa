package dev.recomp.runtime.internal;

/**
 * Unwinds the old program's frames after a successful execve of an AArch64 image; the guest thread
 * carries on with {@code kernel}'s program from its entry point. Control flow, no stack trace.
 */
final class ProcessReplaced extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Kernel kernel;

  ProcessReplaced(Kernel kernel) {
    super("execve", null, false, false);
    this.kernel = kernel;
  }

  Kernel kernel() {
    return kernel;
  }
}
