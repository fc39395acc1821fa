package dev.recomp.intake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Byte-level edits of a copy of a file, for corrupted-input tests. */
final class Corrupt {
  private final byte[] bytes;

  Corrupt(byte[] original) {
    this.bytes = original.clone();
  }

  private ByteBuffer le() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  long u64(int at) {
    return le().getLong(at);
  }

  long u32(int at) {
    return Integer.toUnsignedLong(le().getInt(at));
  }

  int u16(int at) {
    return Short.toUnsignedInt(le().getShort(at));
  }

  Corrupt u8(int at, int value) {
    bytes[at] = (byte) value;
    return this;
  }

  Corrupt u16(int at, int value) {
    le().putShort(at, (short) value);
    return this;
  }

  Corrupt u32(int at, long value) {
    le().putInt(at, (int) value);
    return this;
  }

  Corrupt u64(int at, long value) {
    le().putLong(at, value);
    return this;
  }

  byte[] truncated(int length) {
    return Arrays.copyOf(bytes, length);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** Asserts-friendly check that an intake error is one line naming the file first. */
  static boolean isOneLineNaming(IntakeException e, String source) {
    String m = e.getMessage();
    return m != null && m.startsWith(source + ": ") && m.lines().count() == 1;
  }
}
