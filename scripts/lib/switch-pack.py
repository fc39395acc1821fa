#!/usr/bin/env python3
"""Packs a Switch-module-shaped AArch64 ELF (three PT_LOADs: R-X text at 0, R rodata, RW data+bss,
each page aligned; MOD0 offset at text+4) into an NRO or an NSO.

Layouts per switchbrew "NRO" and "NSO". The NSO's segments are LZ4 block-compressed by the small
compressor below and carry their SHA-256, with the compress and hash-check flags set. Output is
deterministic: the module id is the first 0x20 bytes of the SHA-256 of the three segments.

Usage: switch-pack.py nro|nso INPUT.elf OUTPUT
"""
import hashlib
import struct
import sys

PAGE = 0x1000


def align(value, to=PAGE):
    return (value + to - 1) & ~(to - 1)


def segments(elf):
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        sys.exit("switch-pack: not a little-endian ELF64")
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    loads = []
    for i in range(phnum):
        p_type, flags, offset, vaddr, _, filesz, memsz, _ = struct.unpack_from(
            "<IIQQQQQQ", elf, phoff + i * phentsize)
        if p_type == 1:
            loads.append((flags, vaddr, elf[offset:offset + filesz], memsz))
    if [l[0] for l in loads] != [5, 4, 6] or loads[0][1] != 0:
        sys.exit("switch-pack: expected PT_LOADs R-X at 0, R, RW")
    for flags, vaddr, _, _ in loads:
        if vaddr % PAGE:
            sys.exit("switch-pack: segment at 0x%x is not page aligned" % vaddr)
    text, ro, data = loads
    text_bytes = text[2].ljust(align(len(text[2])), b"\0")
    ro_bytes = ro[2].ljust(align(len(ro[2])), b"\0")
    data_bytes = data[2].ljust(align(len(data[2])), b"\0")
    if ro[1] != len(text_bytes) or data[1] != ro[1] + len(ro_bytes):
        sys.exit("switch-pack: segments are not contiguous pages")
    bss = align(data[3]) - len(data_bytes)
    return text_bytes, ro_bytes, data_bytes, bss


def module_id(text, ro, data):
    return hashlib.sha256(text + ro + data).digest()[:0x20]


def nro(elf):
    text, ro, data, bss = segments(elf)
    image = bytearray(text + ro + data)
    header = struct.pack(
        "<4sIII" + "II" * 3 + "II",
        b"NRO0", 0, len(image), 0,
        0, len(text), len(text), len(ro), len(text) + len(ro), len(data),
        bss, 0)
    header += module_id(text, ro, data)
    header += bytes(0x80 - 0x10 - len(header))
    image[0x10:0x80] = header
    return bytes(image)


def lz4_block(src):
    """LZ4 block format: greedy matches of at least 4 bytes found through a hash of the next four
    bytes; the last 5 bytes are literals and no match starts within the last 12."""
    out = bytearray()
    table = {}
    anchor = i = 0
    n = len(src)

    def length(rest):
        while rest >= 255:
            out.append(255)
            rest -= 255
        out.append(rest)

    def sequence(literals, offset=0, match=0):
        token_match = min(match - 4, 15) if offset else 0
        out.append(min(len(literals), 15) << 4 | token_match)
        if len(literals) >= 15:
            length(len(literals) - 15)
        out.extend(literals)
        if offset:
            out.extend(struct.pack("<H", offset))
            if match - 4 >= 15:
                length(match - 4 - 15)

    while i < n - 12:
        key = src[i:i + 4]
        candidate = table.get(key)
        table[key] = i
        if candidate is not None and i - candidate <= 0xFFFF:
            match = 4
            while i + match < n - 5 and src[candidate + match] == src[i + match]:
                match += 1
            sequence(src[anchor:i], i - candidate, match)
            i += match
            anchor = i
        else:
            i += 1
    sequence(src[anchor:])
    return bytes(out)


def nso(elf):
    text, ro, data, bss = segments(elf)
    parts = [text, ro, data]
    packed = [lz4_block(p) for p in parts]
    header = bytearray(0x100)
    struct.pack_into("<4sIII", header, 0, b"NSO0", 0, 0, 0b111111)
    offset = 0x100
    memory = 0
    for i, (plain, comp) in enumerate(zip(parts, packed)):
        last = bss if i == 2 else 0
        struct.pack_into("<IIII", header, 0x10 + 0x10 * i, offset, memory, len(plain), last)
        struct.pack_into("<I", header, 0x60 + 4 * i, len(comp))
        header[0xa0 + 0x20 * i:0xc0 + 0x20 * i] = hashlib.sha256(plain).digest()
        offset += len(comp)
        memory += len(plain)
    header[0x40:0x60] = module_id(text, ro, data)
    return bytes(header) + b"".join(packed)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("nro", "nso"):
        sys.exit(__doc__)
    with open(sys.argv[2], "rb") as f:
        elf = f.read()
    out = nro(elf) if sys.argv[1] == "nro" else nso(elf)
    with open(sys.argv[3] + ".tmp", "wb") as f:
        f.write(out)
    import os
    os.replace(sys.argv[3] + ".tmp", sys.argv[3])


if __name__ == "__main__":
    main()
