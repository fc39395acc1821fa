package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Client of {@code scripts/lift-oracle.sh}: the cases run under {@code qemu-aarch64 -cpu
 * cortex-a53}; the binary protocol is documented in {@code scripts/lift-oracle/oracle.c}.
 */
public final class Oracle {
  public static final long SLOT_BASE = 0x1000_0000L;
  public static final long SLOT_SIZE = 0x20_0000L;
  public static final long SLOT = SLOT_BASE + SLOT_SIZE / 2;
  public static final long WINDOW = 0x2000_0000L;
  public static final int WINDOW_SIZE = 0x1_0000;
  public static final int MAX_WORDS = 7;
  private static final int CASE_BYTES = 824;
  private static final int RESULT_BYTES = 816;
  private static final long MAGIC = 0x314352524f504d43L;

  private final Path script;

  public Oracle(Path repoRoot) {
    this.script = repoRoot.resolve("scripts/lift-oracle.sh");
  }

  /** The repository root from the {@code recomp.repo.root} system property. */
  public static Path repoRoot() {
    String root = System.getProperty("recomp.repo.root");
    if (root == null) {
      throw new IllegalStateException("system property recomp.repo.root is not set");
    }
    return Path.of(root);
  }

  /** Byte {@code offset} of the window before every case. */
  public static int templateByte(int offset) {
    return (int) ((Integer.toUnsignedLong(offset * (int) 2654435761L) >>> 24) & 0xff);
  }

  /** Runs {@code cases} in one qemu process and returns one result per case. */
  public List<OracleResult> run(List<OracleCase> cases) {
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("missing " + script);
    }
    try {
      Process process = new ProcessBuilder("bash", script.toString()).start();
      CompletableFuture<byte[]> stdout =
          CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      CompletableFuture<byte[]> stderr =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        for (OracleCase c : cases) {
          in.write(encode(c));
        }
      }
      int status = process.waitFor();
      if (status != 0) {
        throw new IllegalStateException(
            "lift oracle failed (exit "
                + status
                + "): "
                + new String(stderr.join(), java.nio.charset.StandardCharsets.UTF_8).strip()
                + (status == 127 ? "" : "; is qemu-aarch64 (qemu-user) installed?"));
      }
      return decode(stdout.join(), cases.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static byte[] readAll(InputStream s) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      s.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] encode(OracleCase c) {
    ByteBuffer b = ByteBuffer.allocate(CASE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(c.words().length);
    for (int i = 0; i < MAX_WORDS; i++) {
      b.putInt(i < c.words().length ? c.words()[i] : 0);
    }
    CpuState s = c.in();
    for (long x : s.x) {
      b.putLong(x);
    }
    b.putLong(s.sp).putLong(s.nzcv).putLong(s.tpidrEl0);
    b.putInt((int) s.fpcr).putInt((int) s.fpsr);
    for (long v : s.v) {
      b.putLong(v);
    }
    return b.array();
  }

  static List<OracleResult> decode(byte[] bytes, int count) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 32
        || b.getLong() != MAGIC
        || b.getLong() != SLOT
        || b.getLong() != WINDOW
        || b.getLong() != WINDOW_SIZE) {
      throw new IllegalStateException("lift oracle: bad header (protocol mismatch with oracle.c)");
    }
    List<OracleResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (b.remaining() < RESULT_BYTES) {
        throw new IllegalStateException("lift oracle: output ends after " + i + " of " + count);
      }
      int signal = b.getInt();
      int changed = b.getInt();
      long pc = b.getLong();
      long fault = b.getLong();
      CpuState s = new CpuState();
      for (int r = 0; r < 31; r++) {
        s.x[r] = b.getLong();
      }
      s.sp = b.getLong();
      s.nzcv = b.getLong();
      s.tpidrEl0 = b.getLong();
      s.fpcr = Integer.toUnsignedLong(b.getInt());
      s.fpsr = Integer.toUnsignedLong(b.getInt());
      for (int r = 0; r < 64; r++) {
        s.v[r] = b.getLong();
      }
      TreeMap<Integer, Integer> memory = new TreeMap<>();
      for (int k = 0; k < changed; k++) {
        int rec = b.getInt();
        memory.put(rec >>> 8, rec & 0xff);
      }
      results.add(new OracleResult(signal, pc, fault, s, memory));
    }
    return results;
  }
}
