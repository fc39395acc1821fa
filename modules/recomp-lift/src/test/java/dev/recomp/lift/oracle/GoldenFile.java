package dev.recomp.lift.oracle;

import dev.recomp.runtime.CpuState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The golden text format: one case per line,
 *
 * <pre>
 * case &lt;asm&gt; | words=&lt;hex,..&gt; &lt;input items&gt; | sig=5 pc=.. fault=.. nzcv=.. fpsr=.. &lt;changed items&gt; mem=off:byte,..
 * </pre>
 *
 * Items are {@code name=hex}: {@code x0..x30 sp nzcv fpcr fpsr tpidr} and {@code v0..v31}
 * (128-bit). Input lists every nonzero X and V register plus the five single registers; output
 * lists {@code nzcv} and {@code fpsr} always and every other register that differs from the input.
 */
public final class GoldenFile {
  private GoldenFile() {}

  /** One golden: the assembly it was assembled from, the case and the oracle's result. */
  public record Golden(String asm, OracleCase input, OracleResult expected) {}

  public static String format(String asm, OracleCase c, OracleResult r) {
    StringBuilder s = new StringBuilder("case ").append(asm).append(" | words=");
    for (int i = 0; i < c.words().length; i++) {
      s.append(i == 0 ? "" : ",").append(String.format("%08x", c.words()[i]));
    }
    Map<String, String> in = items(c.in());
    in.forEach(
        (k, v) -> {
          if (!isZeroRegister(k, v)) {
            s.append(' ').append(k).append('=').append(v);
          }
        });
    s.append(" | sig=").append(r.signal());
    s.append(" pc=").append(Long.toHexString(r.pc()));
    s.append(" fault=").append(Long.toHexString(r.faultAddress()));
    Map<String, String> out = items(r.out());
    out.forEach(
        (k, v) -> {
          if (k.equals("nzcv") || k.equals("fpsr") || !v.equals(in.get(k))) {
            s.append(' ').append(k).append('=').append(v);
          }
        });
    if (!r.memory().isEmpty()) {
      s.append(" mem=");
      List<String> bytes = new ArrayList<>();
      r.memory()
          .forEach((o, b) -> bytes.add(Integer.toHexString(o) + ":" + Integer.toHexString(b)));
      s.append(String.join(",", bytes));
    }
    return s.toString();
  }

  /** The oracle-recorded goldens of the A64 lifter, relative to the repository root. */
  public static final Path RECORDED =
      Path.of("modules/recomp-lift/src/test/resources/goldens/a64.golden.gz");

  /** The goldens in {@link #RECORDED}. */
  public static List<Golden> recorded() throws IOException {
    return readAll(Oracle.repoRoot().resolve(RECORDED));
  }

  /** The goldens of a gzipped golden file: one per line, blank and {@code #} lines skipped. */
  public static List<Golden> readAll(Path gzipped) throws IOException {
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipped))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Golden> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        out.add(parse(line));
      }
    }
    return out;
  }

  public static Golden parse(String line) {
    if (!line.startsWith("case ")) {
      throw new IllegalArgumentException("golden line must start with 'case ': " + line);
    }
    String[] parts = line.substring(5).split(" \\| ");
    if (parts.length != 3) {
      throw new IllegalArgumentException("golden line needs three '|'-separated parts: " + line);
    }
    int[] words = null;
    CpuState in = new CpuState();
    for (String item : parts[1].trim().split(" ")) {
      String[] kv = item.split("=", 2);
      if (kv[0].equals("words")) {
        String[] ws = kv[1].split(",");
        words = new int[ws.length];
        for (int i = 0; i < ws.length; i++) {
          words[i] = Integer.parseUnsignedInt(ws[i], 16);
        }
      } else {
        set(in, kv[0], kv[1]);
      }
    }
    if (words == null) {
      throw new IllegalArgumentException("golden line has no words=: " + line);
    }
    CpuState out = in.copy();
    int signal = 0;
    long pc = 0;
    long fault = 0;
    SortedMap<Integer, Integer> memory = new TreeMap<>();
    for (String item : parts[2].trim().split(" ")) {
      String[] kv = item.split("=", 2);
      switch (kv[0]) {
        case "sig" -> signal = Integer.parseInt(kv[1]);
        case "pc" -> pc = Long.parseUnsignedLong(kv[1], 16);
        case "fault" -> fault = Long.parseUnsignedLong(kv[1], 16);
        case "mem" -> {
          for (String b : kv[1].split(",")) {
            String[] ob = b.split(":");
            memory.put(Integer.parseInt(ob[0], 16), Integer.parseInt(ob[1], 16));
          }
        }
        default -> set(out, kv[0], kv[1]);
      }
    }
    return new Golden(
        parts[0].trim(),
        new OracleCase(words, in),
        new OracleResult(signal, pc, fault, out, memory));
  }

  private static boolean isZeroRegister(String name, String value) {
    return (name.startsWith("x") || name.startsWith("v"))
        && value.chars().allMatch(ch -> ch == '0');
  }

  private static Map<String, String> items(CpuState s) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < 31; i++) {
      m.put("x" + i, Long.toHexString(s.x[i]));
    }
    m.put("sp", Long.toHexString(s.sp));
    m.put("nzcv", Long.toHexString(s.nzcv >>> 28));
    m.put("fpcr", Long.toHexString(s.fpcr));
    m.put("fpsr", Long.toHexString(s.fpsr));
    m.put("tpidr", Long.toHexString(s.tpidrEl0));
    for (int i = 0; i < 32; i++) {
      m.put(
          "v" + i,
          HexFormat.of().toHexDigits(s.v[2 * i + 1]) + HexFormat.of().toHexDigits(s.v[2 * i]));
    }
    return m;
  }

  private static void set(CpuState s, String name, String hex) {
    switch (name) {
      case "sp" -> s.sp = Long.parseUnsignedLong(hex, 16);
      case "nzcv" -> s.nzcv = Long.parseLong(hex, 16) << 28;
      case "fpcr" -> s.fpcr = Long.parseUnsignedLong(hex, 16);
      case "fpsr" -> s.fpsr = Long.parseUnsignedLong(hex, 16);
      case "tpidr" -> s.tpidrEl0 = Long.parseUnsignedLong(hex, 16);
      default -> {
        int n = Integer.parseInt(name.substring(1));
        if (name.charAt(0) == 'x') {
          s.x[n] = Long.parseUnsignedLong(hex, 16);
        } else if (name.charAt(0) == 'v') {
          String padded = "0".repeat(32 - hex.length()) + hex;
          s.v[2 * n + 1] = Long.parseUnsignedLong(padded.substring(0, 16), 16);
          s.v[2 * n] = Long.parseUnsignedLong(padded.substring(16), 16);
        } else {
          throw new IllegalArgumentException("unknown golden item " + name);
        }
      }
    }
  }
}
