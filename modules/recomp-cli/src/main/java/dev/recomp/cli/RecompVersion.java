package dev.recomp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: recomp's own, and the JVM it runs on. */
public final class RecompVersion implements IVersionProvider {
  /** recomp's release version, from the build. */
  public static String version() {
    try (InputStream in = RecompVersion.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "recomp " + version(),
      "JVM " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
