package dev.recomp.runtime.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The fields of aarch64 {@code struct stat} (asm-generic layout, 128 bytes). */
record Stat(
    long dev,
    long ino,
    int mode,
    int nlink,
    int uid,
    int gid,
    long rdev,
    long size,
    int blksize,
    long blocks,
    long atimeSec,
    long atimeNsec,
    long mtimeSec,
    long mtimeNsec,
    long ctimeSec,
    long ctimeNsec) {
  static final int SIZE = 128;

  static final int S_IFIFO = 0010000;
  static final int S_IFCHR = 0020000;
  static final int S_IFDIR = 0040000;
  static final int S_IFREG = 0100000;
  static final int S_IFLNK = 0120000;

  /** The struct's bytes: offsets as in the kernel's asm-generic/stat.h. */
  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, dev);
    b.putLong(8, ino);
    b.putInt(16, mode);
    b.putInt(20, nlink);
    b.putInt(24, uid);
    b.putInt(28, gid);
    b.putLong(32, rdev);
    b.putLong(48, size);
    b.putInt(56, blksize);
    b.putLong(64, blocks);
    b.putLong(72, atimeSec);
    b.putLong(80, atimeNsec);
    b.putLong(88, mtimeSec);
    b.putLong(96, mtimeNsec);
    b.putLong(104, ctimeSec);
    b.putLong(112, ctimeNsec);
    return b.array();
  }

  /** A character-device-like stat for stdio streams and pipes. */
  static Stat stream(int type, int uid, int gid) {
    return new Stat(0, 0, type | 0600, 1, uid, gid, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
  }
}
