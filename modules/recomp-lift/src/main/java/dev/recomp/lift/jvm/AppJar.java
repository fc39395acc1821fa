package dev.recomp.lift.jvm;

import dev.recomp.intake.OutputFiles;
import dev.recomp.lift.jvm.internal.RuntimeClasses;
import dev.recomp.runtime.RuntimeAbi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * The self-contained runnable jar of a recompiled program: the generated classes, the original
 * guest binary (the loader maps its data segments from it), and exactly the recomp and library
 * classes {@link AppMain} and the generated code can reach. {@code java -jar app.jar ARGS...} runs
 * the guest with ARGS. The bytes depend only on the inputs: entries are sorted and carry a fixed
 * timestamp. docs/compile.md describes the layout.
 */
public final class AppJar {
  /** The entry holding the guest binary, byte for byte. */
  public static final String GUEST_ENTRY = "recomp/guest.bin";

  /** Manifest attribute: the guest's file name, its argv[0]. */
  public static final String GUEST_NAME_ATTRIBUTE = "Recomp-Guest-Name";

  /**
   * Manifest attribute: SHA-256 of the guest binary, for provenance and as the image's identity at
   * launch (so that the jar does not hash its guest again each time it starts).
   */
  public static final String GUEST_SHA256_ATTRIBUTE = "Recomp-Guest-Sha256";

  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private AppJar() {}

  /** What a jar holds, for progress reports. */
  public record Contents(int generatedClasses, int runtimeEntries, long bytes) {}

  /**
   * Writes the jar to {@code jar} atomically: a temporary file in the same directory, renamed when
   * complete, so a failed build leaves no partial jar behind.
   */
  public static Contents write(
      Path jar, String guestName, byte[] guest, List<JvmBackend.GeneratedClass> classes)
      throws IOException {
    return OutputFiles.replace(jar, out -> write(out, guestName, guest, classes));
  }

  /** The jar's bytes. */
  public static byte[] bytes(
      String guestName, byte[] guest, List<JvmBackend.GeneratedClass> classes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, guestName, guest, classes);
    return out.toByteArray();
  }

  private static Contents write(
      OutputStream sink, String guestName, byte[] guest, List<JvmBackend.GeneratedClass> classes)
      throws IOException {
    SortedMap<String, byte[]> entries = new TreeMap<>();
    for (JvmBackend.GeneratedClass c : classes) {
      entries.put(c.entryName(), c.bytes());
    }
    int generated = entries.size();
    SortedMap<String, byte[]> runtime =
        RuntimeClasses.closure(
            AppJar.class.getClassLoader(),
            List.of(AppMain.class.getName().replace('.', '/')),
            classes.stream().map(JvmBackend.GeneratedClass::bytes).toList());
    entries.putAll(runtime);
    entries.put(GUEST_ENTRY, guest);

    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, AppMain.class.getName());
    // The runtime maps guest memory through the FFM API's restricted methods and accesses it
    // through jdk.internal.misc.Unsafe (see GuestMemory).
    main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
    main.put(new Attributes.Name("Add-Exports"), "java.base/jdk.internal.misc");
    main.put(new Attributes.Name(GUEST_NAME_ATTRIBUTE), guestName);
    main.put(new Attributes.Name(GUEST_SHA256_ATTRIBUTE), sha256(guest));
    RuntimeAbi.stamp(manifest);

    CountingStream counted = new CountingStream(sink);
    try (JarOutputStream jar = new JarOutputStream(counted)) {
      jar.putNextEntry(entry("META-INF/MANIFEST.MF"));
      manifest.write(jar);
      jar.closeEntry();
      for (var e : entries.entrySet()) {
        ZipEntry entry = entry(e.getKey());
        if (e.getKey().equals(GUEST_ENTRY)) {
          // Stored, not deflated: inflating a binary of a few MB in a JVM that has only just
          // started costs start-up time (15 ms for busybox's 1.8 MB) for a jar a few % smaller.
          stored(entry, e.getValue());
        }
        jar.putNextEntry(entry);
        jar.write(e.getValue());
        jar.closeEntry();
      }
    }
    return new Contents(generated, runtime.size(), counted.count);
  }

  private static ZipEntry entry(String name) {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    return entry;
  }

  private static void stored(ZipEntry entry, byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    entry.setCrc(crc.getValue());
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    private long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
