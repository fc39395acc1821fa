package dev.recomp.runtime.internal;

import dev.recomp.runtime.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the process's initial stack the way Linux's {@code create_elf_tables} does (without
 * address randomization), top down:
 *
 * <pre>
 *   stackTop - 8      a NULL word
 *   below it          argv strings, envp strings, the exec file name (ascending, in that order)
 *   16-byte aligned   the platform string "aarch64"
 *   below it          16 AT_RANDOM bytes
 *   16-byte aligned   argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL  &lt;- initial SP
 * </pre>
 *
 * The auxiliary vector holds the entries qemu-aarch64 gives a static binary, in qemu's order.
 */
public final class InitialStack {
  /** AT_* types. */
  public static final int AT_NULL = 0;

  public static final int AT_PHDR = 3;
  public static final int AT_PHENT = 4;
  public static final int AT_PHNUM = 5;
  public static final int AT_PAGESZ = 6;
  public static final int AT_BASE = 7;
  public static final int AT_FLAGS = 8;
  public static final int AT_ENTRY = 9;
  public static final int AT_UID = 11;
  public static final int AT_EUID = 12;
  public static final int AT_GID = 13;
  public static final int AT_EGID = 14;
  public static final int AT_PLATFORM = 15;
  public static final int AT_HWCAP = 16;
  public static final int AT_CLKTCK = 17;
  public static final int AT_SECURE = 23;
  public static final int AT_RANDOM = 25;
  public static final int AT_HWCAP2 = 26;
  public static final int AT_EXECFN = 31;

  /**
   * What qemu-aarch64 -cpu cortex-a53 reports: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid.
   */
  public static final long HWCAP_CORTEX_A53 = 0x8fb;

  /** HWCAP2 of an ARMv8.0 core: nothing. */
  public static final long HWCAP2_CORTEX_A53 = 0;

  /** USER_HZ. */
  public static final long CLOCK_TICKS = 100;

  /** The platform string of arm64 Linux. */
  public static final String PLATFORM = "aarch64";

  private static final ValueLayout.OfLong LE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Where the program headers are, for AT_PHDR/PHENT/PHNUM. */
  public record ProgramHeaders(long address, long entrySize, long count) {}

  private InitialStack() {}

  /**
   * Writes the stack below {@code stackTop} (already mapped) and returns the initial SP.
   *
   * @param random the 16 bytes AT_RANDOM points at
   */
  public static long write(
      GuestMemory memory,
      long stackTop,
      List<String> argv,
      List<String> env,
      String execFn,
      ProgramHeaders phdrs,
      long entry,
      int uid,
      int gid,
      byte[] random) {
    MemorySegment m = memory.segment();
    long p = stackTop - 8;
    m.set(LE64, p, 0);
    p = putString(m, p, execFn);
    long execFnAddress = p;
    long[] envAddresses = new long[env.size()];
    for (int i = env.size() - 1; i >= 0; i--) {
      p = putString(m, p, env.get(i));
      envAddresses[i] = p;
    }
    long[] argAddresses = new long[argv.size()];
    for (int i = argv.size() - 1; i >= 0; i--) {
      p = putString(m, p, argv.get(i));
      argAddresses[i] = p;
    }
    p &= ~15L;
    p = putString(m, p, PLATFORM);
    long platformAddress = p;
    p -= 16;
    MemorySegment.copy(random, 0, m, ValueLayout.JAVA_BYTE, p, 16);
    long randomAddress = p;

    List<long[]> auxv = new ArrayList<>();
    auxv.add(new long[] {AT_PHDR, phdrs.address()});
    auxv.add(new long[] {AT_PHENT, phdrs.entrySize()});
    auxv.add(new long[] {AT_PHNUM, phdrs.count()});
    auxv.add(new long[] {AT_PAGESZ, GuestMemory.PAGE_SIZE});
    auxv.add(new long[] {AT_BASE, 0});
    auxv.add(new long[] {AT_FLAGS, 0});
    auxv.add(new long[] {AT_ENTRY, entry});
    auxv.add(new long[] {AT_UID, uid});
    auxv.add(new long[] {AT_EUID, uid});
    auxv.add(new long[] {AT_GID, gid});
    auxv.add(new long[] {AT_EGID, gid});
    auxv.add(new long[] {AT_HWCAP, HWCAP_CORTEX_A53});
    auxv.add(new long[] {AT_CLKTCK, CLOCK_TICKS});
    auxv.add(new long[] {AT_RANDOM, randomAddress});
    auxv.add(new long[] {AT_SECURE, 0});
    auxv.add(new long[] {AT_EXECFN, execFnAddress});
    auxv.add(new long[] {AT_HWCAP2, HWCAP2_CORTEX_A53});
    auxv.add(new long[] {AT_PLATFORM, platformAddress});
    auxv.add(new long[] {AT_NULL, 0});

    long words = 1 + (argv.size() + 1) + (env.size() + 1) + 2L * auxv.size();
    long sp = (p - 8 * words) & ~15L;
    long w = sp;
    m.set(LE64, w, argv.size());
    w += 8;
    for (long a : argAddresses) {
      m.set(LE64, w, a);
      w += 8;
    }
    m.set(LE64, w, 0);
    w += 8;
    for (long e : envAddresses) {
      m.set(LE64, w, e);
      w += 8;
    }
    m.set(LE64, w, 0);
    w += 8;
    for (long[] pair : auxv) {
      m.set(LE64, w, pair[0]);
      m.set(LE64, w + 8, pair[1]);
      w += 16;
    }
    return sp;
  }

  private static long putString(MemorySegment m, long top, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    long at = top - bytes.length - 1;
    MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, at, bytes.length);
    m.set(ValueLayout.JAVA_BYTE, at + bytes.length, (byte) 0);
    return at;
  }
}
