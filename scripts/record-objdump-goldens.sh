#!/usr/bin/env bash
# Records objdump's disassembly of the fixture binaries as self-contained golden listings:
# one gzip'd file per binary, fixtures/objdump/<name>.tsv.gz, each line "address<TAB>word<TAB>text"
# (hex address, 8-digit hex instruction word, objdump's instruction column verbatim).
# The hermetic test in modules/recomp-isa compares our disassembler against these files without
# needing objdump or an ELF parser.
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
for bin in "$@"; do
  if ! file -b "$bin" | grep -q 'ELF 64-bit LSB.*ARM aarch64'; then
    echo "record-objdump-goldens: skipping $bin (not an AArch64 ELF64)" >&2
    continue
  fi
  name="$(basename "$bin")"
  tmp="$(mktemp "$out_dir/.$name.XXXXXX")"
  # -z: print zero blocks too, so every word of every executable section has a line.
  "$objdump" -d -z "$bin" |
    awk -F'\t' '/^ +[0-9a-f]+:\t[0-9a-f]+ \t/ {
      addr = $1; sub(/^ +/, "", addr); sub(/:$/, "", addr)
      word = $2; sub(/ +$/, "", word)
      text = $3; for (i = 4; i <= NF; i++) text = text "\t" $i
      print addr "\t" word "\t" text
    }' | gzip -n -9 >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$out_dir/$name.tsv.gz"
  echo "$out_dir/$name.tsv.gz: $(zcat "$out_dir/$name.tsv.gz" | wc -l) lines"
done
