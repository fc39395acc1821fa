package dev.recomp.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;

/**
 * Our own packer for Switch formats, for tests: lays out a module (text with MOD0, rodata with the
 * dynamic symbol, string, hash and RELA tables, data with the dynamic section and relocation
 * targets) and wraps it as NRO or NSO; builds PFS0, RomFS, NACP and NPDM files.
 */
final class SwitchPacker {
  static final int PAGE = 0x1000;
  static final int MOD0_AT = 0x80;
  static final int CODE_AT = MOD0_AT + 0x1c;
  static final long DT_NULL = 0;
  static final long DT_PLTRELSZ = 2;
  static final long DT_HASH = 4;
  static final long DT_STRTAB = 5;
  static final long DT_SYMTAB = 6;
  static final long DT_RELA = 7;
  static final long DT_RELASZ = 8;
  static final long DT_RELAENT = 9;
  static final long DT_STRSZ = 10;
  static final long DT_SYMENT = 11;
  static final long DT_PLTREL = 20;
  static final long DT_JMPREL = 23;

  private SwitchPacker() {}

  /** A dynamic symbol: a function in .text at {@code textOffset} (from the code start). */
  record Sym(String name, long textOffset, long size) {}

  /**
   * A relocation patching data slot {@code slot}; {@code symbol} is 1-based into the symbols, 0 for
   * none; {@code plt} puts it in DT_JMPREL instead of DT_RELA.
   */
  record Rel(RelocationType type, int symbol, long addend, boolean plt) {}

  /** A laid-out module: segment bytes from base 0, bss size, and where things landed. */
  record Module(
      byte[] text,
      byte[] ro,
      byte[] data,
      long bss,
      long roAt,
      long dataAt,
      long dynamicAt,
      long slotsAt,
      byte[] moduleId) {}

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static int align(long v, int a) {
    return (int) ((v + a - 1) / a * a);
  }

  static Module module(byte[] code, List<Sym> syms, List<Rel> rels, long bss) {
    int textSize = align(CODE_AT + code.length, PAGE);
    // .rodata: dynstr, dynsym, hash, rela, jmprel.
    ByteArrayOutputStream dynstr = new ByteArrayOutputStream();
    dynstr.write(0);
    int[] nameAt = new int[syms.size()];
    for (int i = 0; i < syms.size(); i++) {
      nameAt[i] = dynstr.size();
      dynstr.writeBytes(syms.get(i).name().getBytes(StandardCharsets.UTF_8));
      dynstr.write(0);
    }
    int strsz = dynstr.size();
    int symtabOff = align(strsz, 8);
    int nsyms = syms.size() + 1;
    int hashOff = symtabOff + nsyms * 24;
    int hashSize = 4 * (2 + 1 + nsyms);
    List<Rel> rela = rels.stream().filter(r -> !r.plt()).toList();
    List<Rel> plt = rels.stream().filter(Rel::plt).toList();
    int relaOff = align(hashOff + hashSize, 8);
    int pltOff = relaOff + rela.size() * 24;
    int roSize = align(pltOff + plt.size() * 24, PAGE);
    long roAt = textSize;
    long dataAt = roAt + roSize;
    long slotsAt = dataAt + 12 * 16;
    int dataSize = align(12 * 16 + rels.size() * 8L, 0x100);

    ByteBuffer text = le(textSize);
    text.putInt(0, 0x14000000 | (CODE_AT / 4)); // b to the code
    text.putInt(4, MOD0_AT);
    text.put(MOD0_AT, "MOD0".getBytes(StandardCharsets.US_ASCII));
    text.putInt(MOD0_AT + 4, (int) (dataAt - MOD0_AT)); // dynamic
    text.putInt(MOD0_AT + 8, (int) (dataAt + dataSize - MOD0_AT)); // bss start
    text.putInt(MOD0_AT + 12, (int) (dataAt + dataSize + bss - MOD0_AT)); // bss end
    text.putInt(MOD0_AT + 16, 0); // eh_frame_hdr start (none)
    text.putInt(MOD0_AT + 20, 0); // eh_frame_hdr end
    text.putInt(MOD0_AT + 24, (int) (dataAt + dataSize - MOD0_AT)); // module object
    text.put(CODE_AT, code);

    ByteBuffer ro = le(roSize);
    ro.put(0, dynstr.toByteArray());
    for (int i = 0; i < syms.size(); i++) {
      int at = symtabOff + (i + 1) * 24;
      ro.putInt(at, nameAt[i]);
      ro.put(at + 4, (byte) 0x12); // STB_GLOBAL, STT_FUNC
      ro.putShort(at + 6, (short) 1);
      ro.putLong(at + 8, CODE_AT + syms.get(i).textOffset());
      ro.putLong(at + 16, syms.get(i).size());
    }
    ro.putInt(hashOff, 1);
    ro.putInt(hashOff + 4, nsyms);
    int slot = 0;
    for (List<Rel> table : List.of(rela, plt)) {
      int base = table == rela ? relaOff : pltOff;
      for (int i = 0; i < table.size(); i++) {
        Rel r = table.get(i);
        ro.putLong(base + i * 24, slotsAt + 8L * slot++);
        ro.putLong(base + i * 24 + 8, ((long) r.symbol() << 32) | r.type().code());
        ro.putLong(base + i * 24 + 16, r.addend());
      }
    }

    ByteBuffer data = le(dataSize);
    long[][] dynamic = {
      {DT_STRTAB, roAt},
      {DT_STRSZ, strsz},
      {DT_SYMTAB, roAt + symtabOff},
      {DT_SYMENT, 24},
      {DT_HASH, roAt + hashOff},
      {DT_RELA, roAt + relaOff},
      {DT_RELASZ, rela.size() * 24L},
      {DT_RELAENT, 24},
      {DT_JMPREL, roAt + pltOff},
      {DT_PLTRELSZ, plt.size() * 24L},
      {DT_PLTREL, DT_RELA},
      {DT_NULL, 0}
    };
    for (int i = 0; i < dynamic.length; i++) {
      data.putLong(i * 16, dynamic[i][0]);
      data.putLong(i * 16 + 8, dynamic[i][1]);
    }
    byte[] moduleId = new byte[0x20];
    Arrays.fill(moduleId, 0, 20, (byte) 0x5a);
    return new Module(
        text.array(), ro.array(), data.array(), bss, roAt, dataAt, dataAt, slotsAt, moduleId);
  }

  /** The module as an NRO (header inside .text at 0x10), with an asset section if given. */
  static byte[] nro(Module m, byte[] assets) {
    int size = m.text().length + m.ro().length + m.data().length;
    ByteBuffer b = le(size + assets.length);
    b.put(0, m.text());
    b.put(m.text().length, m.ro());
    b.put(m.text().length + m.ro().length, m.data());
    b.put(0x10, "NRO0".getBytes(StandardCharsets.US_ASCII));
    b.putInt(0x18, size);
    b.putInt(0x20, 0).putInt(0x24, m.text().length);
    b.putInt(0x28, m.text().length).putInt(0x2c, m.ro().length);
    b.putInt(0x30, m.text().length + m.ro().length).putInt(0x34, m.data().length);
    b.putInt(0x38, (int) m.bss());
    b.put(0x40, m.moduleId());
    b.put(size, assets);
    return b.array();
  }

  /** An ASET section holding the given icon, NACP and RomFS (empty arrays: absent). */
  static byte[] assets(byte[] icon, byte[] nacp, byte[] romfs) {
    int header = 0x38;
    ByteBuffer b = le(header + icon.length + nacp.length + romfs.length);
    b.put(0, "ASET".getBytes(StandardCharsets.US_ASCII));
    long at = header;
    int field = 8;
    for (byte[] part : List.of(icon, nacp, romfs)) {
      b.putLong(field, part.length == 0 ? 0 : at).putLong(field + 8, part.length);
      b.put((int) at, part);
      at += part.length;
      field += 0x10;
    }
    return b.array();
  }

  /**
   * The module as an NSO; {@code compress} LZ4-compresses every segment, {@code hash} sets the
   * checks.
   */
  static byte[] nso(Module m, boolean compress, boolean hash) {
    byte[][] segments = {m.text(), m.ro(), m.data()};
    long[] memory = {0, m.roAt(), m.dataAt()};
    ByteBuffer h = le(0x100);
    h.put(0, "NSO0".getBytes(StandardCharsets.US_ASCII));
    h.putInt(0xc, (compress ? 7 : 0) | (hash ? 0x38 : 0));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      byte[] stored = compress ? lz4(segments[i]) : segments[i];
      h.putInt(0x10 + 0x10 * i, 0x100 + body.size());
      h.putInt(0x14 + 0x10 * i, (int) memory[i]);
      h.putInt(0x18 + 0x10 * i, segments[i].length);
      h.putInt(0x60 + 4 * i, stored.length);
      h.put(0xa0 + 0x20 * i, dev.recomp.intake.internal.Hashing.sha256(segments[i]));
      body.writeBytes(stored);
    }
    h.putInt(0x3c, (int) m.bss());
    h.put(0x40, m.moduleId());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.array());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] lz4(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (BlockLZ4CompressorOutputStream lz4 = new BlockLZ4CompressorOutputStream(out)) {
      lz4.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A PFS0 holding {@code files} in map order. */
  static byte[] pfs0(Map<String, byte[]> files) {
    ByteArrayOutputStream strings = new ByteArrayOutputStream();
    List<Integer> nameAt = new ArrayList<>();
    for (String name : files.keySet()) {
      nameAt.add(strings.size());
      strings.writeBytes(name.getBytes(StandardCharsets.UTF_8));
      strings.write(0);
    }
    int stringsSize = align(strings.size(), 0x20);
    int dataAt = 0x10 + files.size() * 0x18 + stringsSize;
    int total = dataAt + files.values().stream().mapToInt(f -> f.length).sum();
    ByteBuffer b = le(total);
    b.put(0, "PFS0".getBytes(StandardCharsets.US_ASCII));
    b.putInt(4, files.size()).putInt(8, stringsSize);
    int i = 0;
    long offset = 0;
    for (byte[] f : files.values()) {
      b.putLong(0x10 + i * 0x18, offset).putLong(0x18 + i * 0x18, f.length);
      b.putInt(0x20 + i * 0x18, nameAt.get(i));
      b.put((int) (dataAt + offset), f);
      offset += f.length;
      i++;
    }
    b.put(0x10 + files.size() * 0x18, strings.toByteArray());
    return b.array();
  }

  /** A RomFS with {@code files} keyed by "dir/name" or "name" (one directory level). */
  static byte[] romfs(SortedMap<String, byte[]> files) {
    List<String> dirs = new ArrayList<>();
    for (String path : files.keySet()) {
      int slash = path.indexOf('/');
      if (slash > 0 && !dirs.contains(path.substring(0, slash))) {
        dirs.add(path.substring(0, slash));
      }
    }
    ByteArrayOutputStream dirTable = new ByteArrayOutputStream();
    ByteArrayOutputStream fileTable = new ByteArrayOutputStream();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<Integer> dirAt = new ArrayList<>();
    int at = 0x18; // after the root entry
    for (String d : dirs) {
      dirAt.add(at);
      at += 0x18 + align(d.length(), 4);
    }
    // Files per directory (index 0 = root), chained through siblings.
    List<List<String>> byDir = new ArrayList<>();
    for (int i = 0; i <= dirs.size(); i++) {
      byDir.add(new ArrayList<>());
    }
    for (String path : files.keySet()) {
      int slash = path.indexOf('/');
      byDir.get(slash < 0 ? 0 : 1 + dirs.indexOf(path.substring(0, slash))).add(path);
    }
    int[] firstFile = new int[dirs.size() + 1];
    Arrays.fill(firstFile, -1);
    for (int d = 0; d <= dirs.size(); d++) {
      List<String> list = byDir.get(d);
      for (int i = 0; i < list.size(); i++) {
        String path = list.get(i);
        String name = path.substring(path.indexOf('/') + 1);
        byte[] content = files.get(path);
        int entryAt = fileTable.size();
        if (i == 0) {
          firstFile[d] = entryAt;
        }
        int entrySize = 0x20 + align(name.length(), 4);
        ByteBuffer e = le(entrySize);
        e.putInt(0, d == 0 ? 0 : dirAt.get(d - 1));
        e.putInt(4, i + 1 < list.size() ? entryAt + entrySize : -1);
        e.putLong(8, data.size()).putLong(0x10, content.length);
        e.putInt(0x18, -1).putInt(0x1c, name.length());
        e.put(0x20, name.getBytes(StandardCharsets.UTF_8));
        fileTable.writeBytes(e.array());
        data.writeBytes(content);
      }
    }
    ByteBuffer root = le(0x18);
    root.putInt(0, 0).putInt(4, -1).putInt(8, dirs.isEmpty() ? -1 : 0x18).putInt(0xc, firstFile[0]);
    root.putInt(0x10, -1).putInt(0x14, 0);
    dirTable.writeBytes(root.array());
    for (int d = 0; d < dirs.size(); d++) {
      String name = dirs.get(d);
      ByteBuffer e = le(0x18 + align(name.length(), 4));
      e.putInt(0, 0).putInt(4, d + 1 < dirs.size() ? dirAt.get(d + 1) : -1);
      e.putInt(8, -1).putInt(0xc, firstFile[d + 1]).putInt(0x10, -1).putInt(0x14, name.length());
      e.put(0x18, name.getBytes(StandardCharsets.UTF_8));
      dirTable.writeBytes(e.array());
    }
    int dirMetaAt = 0x50;
    int fileMetaAt = dirMetaAt + dirTable.size();
    int dataAt = align(fileMetaAt + fileTable.size(), 0x10);
    ByteBuffer b = le(dataAt + data.size());
    b.putLong(0, 0x50);
    b.putLong(0x18, dirMetaAt).putLong(0x20, dirTable.size());
    b.putLong(0x38, fileMetaAt).putLong(0x40, fileTable.size());
    b.putLong(0x48, dataAt);
    b.put(dirMetaAt, dirTable.toByteArray());
    b.put(fileMetaAt, fileTable.toByteArray());
    b.put(dataAt, data.toByteArray());
    return b.array();
  }

  static byte[] nacp(String name, String publisher, String version) {
    ByteBuffer b = le(Nacp.SIZE);
    b.put(0, name.getBytes(StandardCharsets.UTF_8));
    b.put(0x200, publisher.getBytes(StandardCharsets.UTF_8));
    b.put(0x3060, version.getBytes(StandardCharsets.UTF_8));
    return b.array();
  }

  static byte[] npdm(String name, long programId, int flags) {
    int aciAt = 0x80;
    int aciSize = 0x40;
    int acidAt = aciAt + aciSize;
    int acidSize = 0x240;
    ByteBuffer b = le(acidAt + acidSize);
    b.put(0, "META".getBytes(StandardCharsets.US_ASCII));
    b.put(0xc, (byte) flags).put(0xe, (byte) 44).put(0xf, (byte) 0);
    b.putInt(0x1c, 0x100000);
    b.put(0x20, name.getBytes(StandardCharsets.US_ASCII));
    b.putInt(0x70, aciAt).putInt(0x74, aciSize).putInt(0x78, acidAt).putInt(0x7c, acidSize);
    b.put(aciAt, "ACI0".getBytes(StandardCharsets.US_ASCII));
    b.putLong(aciAt + 0x10, programId);
    b.put(acidAt + 0x200, "ACID".getBytes(StandardCharsets.US_ASCII));
    b.putInt(acidAt + 0x20c, 1);
    b.putLong(acidAt + 0x210, programId).putLong(acidAt + 0x218, programId);
    return b.array();
  }
}
