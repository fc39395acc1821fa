package dev.recomp.runtime.internal;

import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.Errno;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.MemoryLayout;
import dev.recomp.runtime.SyscallError;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/** brk, mmap and friends over {@link GuestMemory}'s page table. */
final class MemoryCalls {
  private static final long PAGE_MASK = GuestMemory.PAGE_SIZE - 1;

  private MemoryCalls() {}

  /**
   * A length argument rounded up to pages; {@code error} when it is not positive or larger than the
   * whole address space (which also keeps the rounding from overflowing).
   */
  private static long pages(Kernel k, long length, Errno error) {
    if (length <= 0 || length > k.memory.size()) {
      throw new SyscallError(error);
    }
    return GuestMemory.pageAlignUp(length);
  }

  /**
   * brk: moves the program break within [brkStart, brkLimit]; on failure returns the current break,
   * as Linux does.
   */
  static long brk(Kernel k, CpuState cpu, long[] a) {
    long requested = a[0];
    MemoryLayout l = k.layout;
    if (requested < l.brkStart() || requested > l.brkLimit()) {
      return k.brk;
    }
    long oldTop = GuestMemory.pageAlignUp(k.brk);
    long newTop = GuestMemory.pageAlignUp(requested);
    if (newTop > oldTop) {
      if (!k.memory.isFree(oldTop, newTop - oldTop)) {
        return k.brk;
      }
      k.memory.map(oldTop, newTop - oldTop, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    } else if (newTop < oldTop) {
      k.memory.unmap(newTop, oldTop - newTop);
    }
    k.brk = requested;
    return requested;
  }

  static long mmap(Kernel k, CpuState cpu, long[] a) throws IOException {
    long hint = a[0];
    long length = a[1];
    int prot = (int) a[2];
    int flags = (int) a[3];
    long offset = a[5];
    boolean anonymous = (flags & LinuxFlags.MAP_ANONYMOUS) != 0;
    int type = flags & 3;
    if (length <= 0
        || (offset & PAGE_MASK) != 0
        || (type != LinuxFlags.MAP_PRIVATE && type != LinuxFlags.MAP_SHARED)) {
      throw new SyscallError(Errno.EINVAL);
    }
    long size = pages(k, length, Errno.ENOMEM);
    OpenFile file = anonymous ? null : k.fds.get(a[4]);
    if (file != null && !(file instanceof HostFiles.RegularFile)) {
      throw new SyscallError(Errno.ENODEV);
    }
    long address = place(k, hint, size, flags);
    k.memory.unmap(address, size);
    k.memory.map(address, size, prot);
    if (file instanceof HostFiles.RegularFile regular) {
      // A private copy of the file: shared mappings behave the same while nobody else writes
      // the file, which is all a single guest process can observe.
      MemorySegment target = k.memory.segment().asSlice(address, size);
      long done = 0;
      while (done < size) {
        int n = regular.channel.read(target.asSlice(done).asByteBuffer(), offset + done);
        if (n <= 0) {
          break;
        }
        done += n;
      }
    }
    return address;
  }

  private static long place(Kernel k, long hint, long size, int flags) {
    MemoryLayout l = k.layout;
    boolean fixed = (flags & LinuxFlags.MAP_FIXED) != 0;
    boolean noReplace = (flags & LinuxFlags.MAP_FIXED_NOREPLACE) != 0;
    if (fixed || noReplace) {
      if ((hint & PAGE_MASK) != 0 || hint < 0 || hint + size > k.memory.size()) {
        throw new SyscallError(fixed ? Errno.EINVAL : Errno.ENOMEM);
      }
      if (noReplace && !k.memory.isFree(hint, size)) {
        throw new SyscallError(Errno.EEXIST);
      }
      return hint;
    }
    long aligned = hint & ~PAGE_MASK;
    if (aligned >= l.mmapLow() && aligned + size <= l.mmapTop() && k.memory.isFree(aligned, size)) {
      return aligned;
    }
    long found = k.memory.findFree(size, l.mmapLow(), l.mmapTop());
    if (found < 0) {
      throw new SyscallError(Errno.ENOMEM);
    }
    return found;
  }

  static long munmap(Kernel k, CpuState cpu, long[] a) {
    long address = a[0];
    long size = pages(k, a[1], Errno.EINVAL);
    if ((address & PAGE_MASK) != 0 || address < 0 || address + size > k.memory.size()) {
      throw new SyscallError(Errno.EINVAL);
    }
    k.memory.unmap(address, size);
    return 0;
  }

  static long mremap(Kernel k, CpuState cpu, long[] a) {
    long old = a[0];
    int flags = (int) a[3];
    long newSize = pages(k, a[2], Errno.EINVAL);
    long oldSize = a[1] == 0 ? 0 : pages(k, a[1], Errno.EFAULT);
    if ((old & PAGE_MASK) != 0
        || (flags & ~(LinuxFlags.MREMAP_MAYMOVE | LinuxFlags.MREMAP_FIXED)) != 0
        || ((flags & LinuxFlags.MREMAP_FIXED) != 0 && (flags & LinuxFlags.MREMAP_MAYMOVE) == 0)) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (oldSize == 0 || !k.memory.isMapped(old, oldSize)) {
      throw new SyscallError(Errno.EFAULT);
    }
    int prot = k.memory.protectionAt(old);
    if ((flags & LinuxFlags.MREMAP_FIXED) != 0) {
      long target = a[4];
      if ((target & PAGE_MASK) != 0 || target < 0 || target + newSize > k.memory.size()) {
        throw new SyscallError(Errno.EINVAL);
      }
      return move(k, old, oldSize, target, newSize, prot);
    }
    if (newSize <= oldSize) {
      if (newSize < oldSize) {
        k.memory.unmap(old + newSize, oldSize - newSize);
      }
      return old;
    }
    long grow = newSize - oldSize;
    if (old + newSize <= k.memory.size() && k.memory.isFree(old + oldSize, grow)) {
      k.memory.map(old + oldSize, grow, prot);
      return old;
    }
    if ((flags & LinuxFlags.MREMAP_MAYMOVE) == 0) {
      throw new SyscallError(Errno.ENOMEM);
    }
    long target = k.memory.findFree(newSize, k.layout.mmapLow(), k.layout.mmapTop());
    if (target < 0) {
      throw new SyscallError(Errno.ENOMEM);
    }
    return move(k, old, oldSize, target, newSize, prot);
  }

  private static long move(Kernel k, long old, long oldSize, long target, long newSize, int prot) {
    MemorySegment all = k.memory.segment();
    k.memory.unmap(target, newSize);
    k.memory.map(target, newSize, prot);
    MemorySegment.copy(all, old, all, target, Math.min(oldSize, newSize));
    k.memory.unmap(old, oldSize);
    return target;
  }

  static long mprotect(Kernel k, CpuState cpu, long[] a) {
    if ((a[0] & PAGE_MASK) != 0 || a[1] < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (a[1] == 0) {
      return 0;
    }
    if (!k.memory.protect(a[0], pages(k, a[1], Errno.ENOMEM), (int) a[2])) {
      throw new SyscallError(Errno.ENOMEM);
    }
    return 0;
  }

  static long madvise(Kernel k, CpuState cpu, long[] a) {
    if ((a[0] & PAGE_MASK) != 0 || a[1] < 0) {
      throw new SyscallError(Errno.EINVAL);
    }
    if (a[1] == 0) {
      return 0;
    }
    long size = pages(k, a[1], Errno.ENOMEM);
    if (!k.memory.isMapped(a[0], size)) {
      throw new SyscallError(Errno.ENOMEM);
    }
    if (a[2] == LinuxFlags.MADV_DONTNEED) {
      k.memory.zero(a[0], size);
    }
    return 0;
  }
}
