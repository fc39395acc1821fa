package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import dev.recomp.intake.internal.Hashing;
import dev.recomp.intake.internal.InputFiles;
import dev.recomp.intake.internal.SwitchModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

/**
 * Reads Switch NSO modules (layout per switchbrew "NSO"): the 0x100-byte header with its flags at
 * 0xC (bits 0-2: segment LZ4-compressed, bits 3-5: check the segment's SHA-256), three segment
 * headers, bss, module id, and LZ4 block-compressed segments, then MOD0 and the dynamic section.
 */
public final class NsoReader {
  private static final int HEADER_SIZE = 0x100;
  private static final String[] NAMES = {".text", ".rodata", ".data"};
  private static final Permissions[] PERMISSIONS = {Permissions.RX, Permissions.R, Permissions.RW};

  /** Decompressed segments larger than this are refused rather than allocated. */
  private static final long MAX_SEGMENT = 1L << 30;

  private NsoReader() {}

  /** Whether {@code bytes} start with the NSO magic "NSO0". */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 'N'
        && bytes[1] == 'S'
        && bytes[2] == 'O'
        && bytes[3] == '0';
  }

  /** Reads the NSO at {@code path}. */
  public static GuestImage read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes} (copied) as an NSO named {@code source} in errors. */
  public static GuestImage read(String source, byte[] bytes) throws IntakeException {
    return read(source, bytes, Hashing.sha256Hex(bytes));
  }

  /** As {@link #read(String, byte[])}, with the SHA-256 of {@code bytes} given. */
  static GuestImage read(String source, byte[] bytes, String sha256) throws IntakeException {
    byte[] own = bytes.clone();
    Bin bin = new Bin(source, own);
    Struct h = bin.struct("NSO header", 0, HEADER_SIZE);
    if (!h.hasMagic(0, "NSO0")) {
      throw h.error("expected magic \"NSO0\"");
    }
    long flags = h.u32(0xc);
    Segment[] segments = new Segment[3];
    for (int i = 0; i < 3; i++) {
      long bss = i == 2 ? h.u32(0x3c) : 0;
      segments[i] = segment(bin, h, i, flags, bss);
    }
    byte[] moduleId = h.bytes().asSlice(0x40, 0x20).toArray(ValueLayout.JAVA_BYTE);
    return SwitchModule.image(
        source,
        ImageFormat.NSO,
        segments[0],
        segments[1],
        segments[2],
        moduleId,
        sha256,
        bin.size());
  }

  private static Segment segment(Bin bin, Struct h, int i, long flags, long bss)
      throws IntakeException {
    String name = NAMES[i];
    int header = 0x10 + 0x10 * i;
    long fileOffset = h.u32(header);
    long memoryOffset = h.u32(header + 4);
    long size = h.u32(header + 8);
    long fileSize = h.u32(0x60 + 4 * i);
    boolean compressed = (flags & (1L << i)) != 0;
    boolean checkHash = (flags & (1L << (i + 3))) != 0;
    if (size > MAX_SEGMENT) {
      throw h.error(name + " size " + hex(size) + " exceeds the limit " + hex(MAX_SEGMENT));
    }
    byte[] stored =
        bin.range(h, name + " file data", fileOffset, compressed ? fileSize : size)
            .toArray(ValueLayout.JAVA_BYTE);
    byte[] data = compressed ? decompress(h, name, stored, size) : stored;
    if (checkHash) {
      byte[] expected = h.bytes().asSlice(0xa0 + 0x20L * i, 0x20).toArray(ValueLayout.JAVA_BYTE);
      byte[] actual = Hashing.sha256(data);
      if (!Arrays.equals(expected, actual)) {
        throw h.error(
            name
                + " SHA-256 mismatch: header says "
                + HexFormat.of().formatHex(expected)
                + ", segment hashes to "
                + HexFormat.of().formatHex(actual));
      }
    }
    return new Segment(
        name, memoryOffset, size + bss, fileOffset, MemorySegment.ofArray(data), PERMISSIONS[i]);
  }

  private static byte[] decompress(Struct h, String name, byte[] stored, long size)
      throws IntakeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = new BlockLZ4CompressorInputStream(new ByteArrayInputStream(stored))) {
      // Read at most one byte beyond the declared size: enough to detect a mismatch.
      in.transferTo(new LimitedOutput(out, size + 1));
    } catch (IOException | RuntimeException e) {
      // The decoder's own failures on hostile input (bad offsets, truncated blocks) become ours.
      throw h.error(
          name
              + " LZ4 data does not decompress: "
              + Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
    }
    if (out.size() != size) {
      throw h.error(
          name
              + " decompressed to "
              + (out.size() > size ? "more than " + hex(size) : hex(out.size()))
              + " bytes, header says "
              + hex(size));
    }
    return out.toByteArray();
  }

  /** Keeps only the first {@code limit} bytes written to it. */
  private static final class LimitedOutput extends OutputStream {
    private final ByteArrayOutputStream out;
    private final long limit;

    LimitedOutput(ByteArrayOutputStream out, long limit) {
      this.out = out;
      this.limit = limit;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      long room = limit - out.size();
      if (room > 0) {
        out.write(b, off, (int) Math.min(len, room));
      }
    }
  }
}
