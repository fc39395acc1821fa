package dev.recomp.lift.jvm;

import dev.recomp.intake.GuestImage;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.runtime.LoadException;
import dev.recomp.runtime.RuntimeAbi;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

/**
 * The Main-Class of a jar written by {@link AppJar}: checks that the jar was built for this
 * runtime's ABI, reads the guest binary from the jar and runs it with the command line's arguments.
 * Runtime options come from {@link GuestLauncher#OPTIONS_VARIABLE}. A problem of the jar itself
 * (not of the guest) is one line on stderr and exit status {@link #LAUNCH_FAILURE}.
 */
public final class AppMain {
  /** Exit status when the jar cannot start its guest (as {@code docker run} uses 125). */
  public static final int LAUNCH_FAILURE = 125;

  private AppMain() {}

  public static void main(String[] args) {
    System.exit(launch(args));
  }

  private static int launch(String[] args) {
    String jarName = "this jar";
    try {
      // The jar is found through its guest entry, not through AppMain's code source: a class
      // loaded from a JDK AOT cache recorded with another spelling of the jar's path has none.
      URL entry = AppMain.class.getClassLoader().getResource(AppJar.GUEST_ENTRY);
      if (entry == null || !(entry.openConnection() instanceof JarURLConnection connection)) {
        throw new IOException("it holds no guest program (" + AppJar.GUEST_ENTRY + ")");
      }
      Path jar = Path.of(connection.getJarFileURL().toURI());
      jarName = jar.getFileName().toString();
      Manifest manifest = connection.getManifest();
      if (manifest == null) {
        throw new IOException("it has no manifest");
      }
      RuntimeAbi.check(manifest, jarName);
      String name = manifest.getMainAttributes().getValue(AppJar.GUEST_NAME_ATTRIBUTE);
      String sha256 = manifest.getMainAttributes().getValue(AppJar.GUEST_SHA256_ATTRIBUTE);
      if (name == null || sha256 == null) {
        throw new IOException("its manifest names no guest program");
      }
      byte[] binary;
      try (InputStream in = connection.getInputStream()) {
        binary = in.readAllBytes();
      }
      GuestLauncher.Options options =
          GuestLauncher.Options.parse(
              System.getenv().getOrDefault(GuestLauncher.OPTIONS_VARIABLE, ""));
      GuestImage image = Images.read(name, binary, sha256);
      List<String> argv = new ArrayList<>();
      argv.add(name);
      argv.addAll(List.of(args));
      return GuestLauncher.run(
          image,
          argv,
          jar.toAbsolutePath().toString(),
          GuestLauncher.hostEnvironment(),
          AppMain.class.getClassLoader(),
          options,
          System.err);
    } catch (RuntimeAbi.MismatchException
        | IntakeException
        | LoadException
        | IllegalArgumentException e) {
      System.err.println("recomp: " + e.getMessage());
    } catch (IOException | URISyntaxException e) {
      System.err.println("recomp: " + jarName + ": " + e.getMessage());
    }
    return LAUNCH_FAILURE;
  }
}
