package dev.recomp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM that does not export {@code jdk.internal.misc} to the runtime gets one clear refusal from
 * {@link GuestMemory#reserve}, naming the option to add, instead of an access error from deep in
 * the class initializer.
 */
class HostAccessExportTest {
  /** Entry point of the child JVM: reserves an address space and prints what happened. */
  public static void main(String[] args) {
    try (GuestMemory memory = GuestMemory.reserve(GuestMemory.PAGE_SIZE)) {
      System.out.print("reserved " + memory.size());
    } catch (IllegalStateException e) {
      System.out.print(e.getMessage());
    }
  }

  @Test
  void reserveNamesTheMissingExport() throws IOException, InterruptedException {
    assertEquals(GuestMemory.NEEDS_EXPORT, runChild(List.of()));
    assertEquals(
        "reserved 4096",
        runChild(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")));
  }

  private static String runChild(List<String> options) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    command.addAll(options);
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), HostAccessExportTest.class.getName()));
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), out);
    return out;
  }
}
