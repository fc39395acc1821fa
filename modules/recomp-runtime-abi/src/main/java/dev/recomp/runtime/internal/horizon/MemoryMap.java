package dev.recomp.runtime.internal.horizon;

import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel's view of the address space that svcQueryMemory reports: blocks with a memory type
 * (switchbrew "MemoryState" low byte), permission and attribute. Unlisted ranges are free. Adjacent
 * blocks with the same properties merge, as the kernel's block manager merges them.
 */
public final class MemoryMap {
  /** Memory types (switchbrew "MemoryType"). */
  public static final int FREE = 0x00;

  public static final int CODE_STATIC = 0x03;
  public static final int CODE_MUTABLE = 0x04;
  public static final int HEAP = 0x05;
  public static final int ALIAS_CODE = 0x08;
  public static final int ALIAS_CODE_DATA = 0x09;
  public static final int STACK = 0x0b;
  public static final int THREAD_LOCAL = 0x0c;
  public static final int INACCESSIBLE = 0x10;

  /** Permission bits (MemoryPermission). */
  public static final int PERM_R = 1;

  public static final int PERM_W = 2;
  public static final int PERM_X = 4;

  /** Attribute bit: the block is borrowed by svcMapMemory ("Locked"/IsBorrowed). */
  public static final int ATTR_BORROWED = 1;

  /** One block as svcQueryMemory describes it. */
  public record Block(long address, long size, int type, int permission, int attribute) {
    long end() {
      return address + size;
    }

    boolean sameKind(Block o) {
      return type == o.type && permission == o.permission && attribute == o.attribute;
    }
  }

  private final long addressSpaceEnd;
  private final TreeMap<Long, Block> blocks = new TreeMap<>();

  public MemoryMap(long addressSpaceEnd) {
    this.addressSpaceEnd = addressSpaceEnd;
  }

  /** Sets the properties of {@code [address, address + size)}; {@link #FREE} removes the range. */
  public void set(long address, long size, int type, int permission, int attribute) {
    long end = address + size;
    Map.Entry<Long, Block> before = blocks.lowerEntry(address);
    if (before != null && before.getValue().end() > address) {
      Block b = before.getValue();
      blocks.put(b.address(), resized(b, b.address(), address));
      if (b.end() > end) {
        blocks.put(end, resized(b, end, b.end()));
      }
    }
    for (Block b : blocks.subMap(address, true, end, false).values().stream().toList()) {
      blocks.remove(b.address());
      if (b.end() > end) {
        blocks.put(end, resized(b, end, b.end()));
      }
    }
    if (type != FREE) {
      blocks.put(address, new Block(address, size, type, permission, attribute));
      merge(address);
      merge(end);
    }
  }

  /** The block holding {@code address}, or the free gap around it. */
  public Block query(long address) {
    if (Long.compareUnsigned(address, addressSpaceEnd) >= 0) {
      return new Block(addressSpaceEnd, -addressSpaceEnd, INACCESSIBLE, 0, 0);
    }
    Map.Entry<Long, Block> e = blocks.floorEntry(address);
    if (e != null && e.getValue().end() > address) {
      return e.getValue();
    }
    long start = e == null ? 0 : e.getValue().end();
    Long next = blocks.higherKey(address);
    long end = next == null ? addressSpaceEnd : next;
    return new Block(start, end - start, FREE, 0, 0);
  }

  /** Whether the whole range is one type with the given permission and attribute. */
  public boolean is(long address, long size, int type, int permission, int attribute) {
    long at = address;
    while (at < address + size) {
      Block b = query(at);
      if (b.type() != type || b.permission() != permission || b.attribute() != attribute) {
        return false;
      }
      at = b.end();
    }
    return true;
  }

  private void merge(long boundary) {
    Block right = blocks.get(boundary);
    Map.Entry<Long, Block> leftEntry = blocks.lowerEntry(boundary);
    if (right == null || leftEntry == null) {
      return;
    }
    Block left = leftEntry.getValue();
    if (left.end() == boundary && left.sameKind(right)) {
      blocks.remove(boundary);
      blocks.put(left.address(), resized(left, left.address(), right.end()));
    }
  }

  private static Block resized(Block b, long start, long end) {
    return new Block(start, end - start, b.type(), b.permission(), b.attribute());
  }
}
