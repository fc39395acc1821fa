package dev.recomp.intake;

/** Memory access rights of a segment. {@link #toString()} gives the familiar {@code r-x} form. */
public record Permissions(boolean read, boolean write, boolean execute) {
  /** Read-only. */
  public static final Permissions R = new Permissions(true, false, false);

  /** Read and write. */
  public static final Permissions RW = new Permissions(true, true, false);

  /** Read and execute. */
  public static final Permissions RX = new Permissions(true, false, true);

  /** The rights encoded in ELF {@code p_flags} (PF_X = 1, PF_W = 2, PF_R = 4). */
  public static Permissions ofElfFlags(long flags) {
    return new Permissions((flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0);
  }

  @Override
  public String toString() {
    return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
  }
}
