package dev.recomp.intake;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;

/**
 * The application control property (control.nacp) an NRO carries in its assets: the title's name,
 * publisher and display version.
 *
 * @param name the first non-empty title name (language entries in table order)
 * @param publisher the publisher from the same language entry
 * @param displayVersion the version string shown to users
 */
public record Nacp(String name, String publisher, String displayVersion) {
  /** Size of a control.nacp. */
  public static final int SIZE = 0x4000;

  private static final int LANGUAGES = 16;
  private static final int TITLE_ENTRY = 0x300;
  private static final int NAME_SIZE = 0x200;
  private static final int PUBLISHER_SIZE = 0x100;
  private static final int DISPLAY_VERSION = 0x3060;

  /** Reads a control.nacp from {@code bytes}, named {@code source} in errors. */
  public static Nacp read(String source, byte[] bytes) throws IntakeException {
    Struct n = new Bin(source, bytes.clone()).struct("NACP", 0, SIZE);
    String name = "";
    String publisher = "";
    for (int i = 0; i < LANGUAGES && name.isEmpty(); i++) {
      name = n.utf8((long) i * TITLE_ENTRY, NAME_SIZE);
      publisher = n.utf8((long) i * TITLE_ENTRY + NAME_SIZE, PUBLISHER_SIZE);
    }
    return new Nacp(name, publisher, n.utf8(DISPLAY_VERSION, 0x10));
  }
}
