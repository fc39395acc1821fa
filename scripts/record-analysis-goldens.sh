#!/usr/bin/env bash
# Records what the oracles say about the fixtures' code, for the analysis golden tests:
#   fixtures/analysis/<binary>.fde.tsv  every .eh_frame FDE's pc range, as readelf decodes it
#                                       ("begin<TAB>end", hex)
#   fixtures/analysis/<run>.br.tsv      every target an indirect jump (objdump's "br") actually
#                                       went to when the run's reference execution was traced
#                                       under qemu ("br-pc<TAB>target", hex, unique, sorted)
# Usage: scripts/record-analysis-goldens.sh
# Needs aarch64-linux-gnu-readelf, aarch64-linux-gnu-objdump and qemu-aarch64
# (scripts/install-oracles.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fx="$root/fixtures"
out="$fx/analysis"

for tool in aarch64-linux-gnu-readelf aarch64-linux-gnu-objdump qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "record-analysis-goldens: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done

mkdir -p "$out"
rm -f "$out"/*.tsv
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for bin in "$fx"/bin/*; do
  name="$(basename "$bin")"
  LC_ALL=C aarch64-linux-gnu-readelf --debug-dump=frames "$bin" |
    sed -n 's/.* FDE cie=[0-9a-f]* pc=0*\([0-9a-f]*\)\.\.0*\([0-9a-f]*\)$/\1\t\2/p' |
    LC_ALL=C sort -u >"$out/$name.fde.tsv"
done

# One traced reference run per runs.tsv row, with the conventions of fixtures/README.md.
grep -v '^#' "$fx/runs.tsv" | while IFS=$'\t' read -r run binary stdin args _files; do
  bin="$fx/bin/$binary"
  LC_ALL=C aarch64-linux-gnu-objdump -d --no-show-raw-insn "$bin" |
    awk '$2 == "br" { sub(":", "", $1); print $1 }' | LC_ALL=C sort -u >"$work/br-pcs"
  [ -s "$work/br-pcs" ] || continue
  input=/dev/null
  [ "$stdin" = "-" ] || input="$fx/input/$stdin"
  rm -rf "$work/cwd" && mkdir "$work/cwd"
  # shellcheck disable=SC2086 # arguments are space-separated by definition
  (cd "$work/cwd" && env -i qemu-aarch64 -cpu cortex-a53 -singlestep -d exec,nochain -D "$work/trace" \
    "$bin" $args <"$input" >/dev/null 2>&1) || true
  # Each trace line names the pc of one executed instruction; a br's successor is the next line.
  sed -n 's/^Trace [0-9]*: [0-9a-fx]* \[[0-9a-f]*\/0*\([0-9a-f]*\)\/.*/\1/p' "$work/trace" |
    awk -v pcs="$work/br-pcs" '
      BEGIN { while ((getline p < pcs) > 0) br[p] = 1 }
      { pc = $1; if (prev != "") print prev "\t" pc; prev = (pc in br) ? pc : "" }' |
    LC_ALL=C sort -u >"$out/$run.br.tsv"
  rm -f "$work/trace"
done
qemu-aarch64 --version | head -n 1 >"$out/VERSION.txt"
aarch64-linux-gnu-readelf --version | head -n 1 >>"$out/VERSION.txt"
