#!/usr/bin/env bash
# Compares the recompiled kernels of two recomp builds on this machine: each kernel's AArch64
# binary is recompiled by both, and the two jars run alternately (base, head, base, head, ...),
# so that the machine's slower and faster minutes hit both alike. A difference of a few percent
# shows here where two runs of bench/run.sh an hour apart differ by more (docs/performance.md).
#
#   bench/compare.sh [--runs N] [--reps N] [--only NAME[,NAME...]] BASE [HEAD]
#
# BASE and HEAD are git revisions; HEAD defaults to the working tree, uncommitted changes
# included. Each revision is exported to bench/out/compare/<commit> and its CLI built there once.
# Every run's output is checked against qemu's. Prints, per kernel, the median wall seconds of
# both, the change, and in how many of the interleaved pairs HEAD was the faster: a change that
# wins 7 pairs of 7 is real, one that wins 4 is noise whatever its median says.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=7
reps_override=""
only=""
revs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --reps) reps_override="$2"; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    -*) echo "bench: unknown argument $1 (use --runs N, --reps N, --only NAMES, BASE [HEAD])" >&2; exit 2 ;;
    *) revs+=("$1"); shift ;;
  esac
done
if [ ${#revs[@]} -lt 1 ] || [ ${#revs[@]} -gt 2 ]; then
  echo "usage: bench/compare.sh [--runs N] [--reps N] [--only NAME[,NAME...]] BASE [HEAD]" >&2
  exit 2
fi
bench_require_tools
java="$(. "$bench_root/scripts/lib/jdk.sh"; recomp_find_jdk25)/bin/java"

# The recomp launcher of revision $1, exported and built once; the working tree's for "".
launcher() {
  local rev="$1"
  if [ -z "$rev" ]; then
    echo "$bench_root/recomp"
    return
  fi
  local sha dir
  sha="$(git -C "$bench_root" rev-parse --verify --quiet "$rev^{commit}")" ||
    { echo "bench: $rev is not a revision of this repository" >&2; exit 2; }
  dir="$bench_out/compare/$sha"
  if [ ! -x "$dir/recomp" ]; then
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    git -C "$bench_root" archive "$sha" | tar -x -C "$dir.tmp"
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir/recomp"
}

base="$(launcher "${revs[0]}")"
head="$(launcher "${revs[1]:-}")"
# Builds each CLI now, if it must be, rather than in the middle of the table.
"$base" --version >/dev/null
"$head" --version >/dev/null
label_base="${revs[0]}"
label_head="${revs[1]:-working tree}"
echo "bench: comparing $label_base (base) with $label_head (head), $runs interleaved pairs, $(nproc) cores, $("$java" -version 2>&1 | head -1)"
printf '%-11s %5s %9s %9s %8s %14s\n' kernel reps base head change "head faster"
changes=()
for k in "${kernels[@]}"; do
  [ -z "$only" ] || [[ "$only" == *",$k,"* ]] || continue
  bench_build_guest "$k"
  "$base" compile -q "$bench_out/$k.a64" -o "$bench_out/$k.base.jar"
  "$head" compile -q "$bench_out/$k.a64" -o "$bench_out/$k.head.jar"
  reps="${reps_override:-${kernel_reps[$k]}}"
  expect="$(qemu-aarch64 -cpu cortex-a53 "$bench_out/$k.a64" "$reps")"
  tb=(); th=(); wins=0
  for ((i = 0; i < runs; i++)); do
    b="$(time_one "$expect" "$java" -jar "$bench_out/$k.base.jar" "$reps")"
    h="$(time_one "$expect" "$java" -jar "$bench_out/$k.head.jar" "$reps")"
    tb+=("$b"); th+=("$h")
    if awk -v b="$b" -v h="$h" 'BEGIN { exit !(b != "nan" && h != "nan" && h < b) }'; then
      wins=$((wins + 1))
    fi
  done
  mb="$(median "${tb[@]}")"; mh="$(median "${th[@]}")"
  change="$(awk -v b="$mb" -v h="$mh" 'BEGIN { if (b=="nan"||h=="nan") print "nan"; else printf "%+.1f%%", 100*(h-b)/b }')"
  printf '%-11s %5s %9.3f %9.3f %8s %9s of %s\n' "$k" "$reps" "$mb" "$mh" "$change" "$wins" "$runs"
  changes+=("$(awk -v b="$mb" -v h="$mh" 'BEGIN { if (b=="nan"||h=="nan"||b==0) print "nan"; else printf "%.6f", h/b }')")
done
if [ ${#changes[@]} -gt 0 ]; then
  printf '%s\n' "${changes[@]}" | awk '$1!="nan" {s+=log($1); n++}
    END {if (n) printf "geometric mean of head/base: %.3f over %d kernels (total times, start-up included)\n", exp(s/n), n}'
fi
