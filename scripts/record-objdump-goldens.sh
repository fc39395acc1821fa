#!/usr/bin/env bash
# Records objdump's disassembly of the fixture binaries as self-contained golden listings, one
# gzip'd file per binary: fixtures/objdump/<name>.tsv.gz.
#
# Format (line oriented):
#   !targets bare|0x   objdump wrote branch targets as bare hex (the binary has symbols, each
#                      target was followed by <symbol+offset>) or as 0x.. (stripped binary)
#   @<hex address>     the address of the next instruction line; written at every discontinuity
#   <word>\t<text>     8-digit hex instruction word and objdump's instruction column, at the
#                      address after the previous line
# The text is objdump's verbatim except that the annotations the comparison ignores anyway are
# left out to keep the files small: "<symbol+offset>", "// comment" and padding whitespace.
# The hermetic test in modules/recomp-isa compares our disassembler against these files without
# objdump or an ELF parser.
#
# Usage: scripts/record-objdump-goldens.sh [binary...]   (default: every file in fixtures/bin/)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
objdump="${OBJDUMP:-aarch64-linux-gnu-objdump}"
out_dir="$root/fixtures/objdump"

if ! command -v "$objdump" >/dev/null 2>&1; then
  echo "record-objdump-goldens: $objdump not found (apt-get install binutils-aarch64-linux-gnu)" >&2
  exit 1
fi

if [ "$#" -eq 0 ]; then
  shopt -s nullglob
  set -- "$root"/fixtures/bin/*
  if [ "$#" -eq 0 ]; then
    echo "record-objdump-goldens: no binaries in $root/fixtures/bin" >&2
    exit 1
  fi
fi

mkdir -p "$out_dir"
listing="$(mktemp)"
trap 'rm -f "$listing"' EXIT
for bin in "$@"; do
  if ! file -b "$bin" | grep -q 'ELF 64-bit LSB.*ARM aarch64'; then
    echo "record-objdump-goldens: skipping $bin (not an AArch64 ELF64)" >&2
    continue
  fi
  name="$(basename "$bin")"
  # -z: print zero blocks too, so every word of every executable section has a line.
  "$objdump" -d -z "$bin" >"$listing"
  if grep -qE '^ +[0-9a-f]+:.*[0-9a-f]+ <[^>]*>' "$listing"; then targets=bare; else targets=0x; fi
  tmp="$(mktemp "$out_dir/.$name.XXXXXX")"
  awk -F'\t' -v targets="$targets" '
    function hex(s,   i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
    BEGIN { print "!targets " targets }
    /^ +[0-9a-f]+:\t[0-9a-f]+ \t/ {
      addr = $1; sub(/^ +/, "", addr); sub(/:$/, "", addr)
      word = $2; sub(/ +$/, "", word)
      text = $3; for (i = 4; i <= NF; i++) text = text "\t" $i
      sub(/[ \t]*\/\/.*$/, "", text)
      gsub(/ <[^>]*>/, "", text)
      sub(/[ \t]+$/, "", text)
      if (addr != expected) print "@" addr
      print word "\t" text
      expected = sprintf("%x", hex(addr) + 4)
    }' "$listing" | gzip -n -9 >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$out_dir/$name.tsv.gz"
  echo "$out_dir/$name.tsv.gz: $(zcat "$out_dir/$name.tsv.gz" | grep -c '^[0-9a-f]') instructions"
done
