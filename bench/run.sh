#!/usr/bin/env bash
# Benchmarks the same programs three ways on this machine and prints median wall times and
# ratios: native x86-64 (gcc -O2), AArch64 gcc -O2 static under qemu-aarch64 -cpu cortex-a53,
# and that same AArch64 binary recompiled by recomp (when `recomp compile` is available).
# Runs are interleaved (native, qemu, recompiled, native, ...) so machine noise hits all
# three alike. Usage: bench/run.sh [--runs N] [--reps N] [--only NAME]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/out"
runs=5
reps=""
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "bench: unknown argument $1 (use --runs N, --reps N, --only NAME)" >&2; exit 2 ;;
  esac
done
for tool in gcc aarch64-linux-gnu-gcc qemu-aarch64; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing; run scripts/install-oracles.sh" >&2; exit 1; }
done

kernels=(crc32 sieve matmul_i32 matmul_f64 nbody strings qsort hello)
mkdir -p "$out"
for k in "${kernels[@]}"; do
  [ -n "$only" ] && [ "$only" != "$k" ] && continue
  gcc -O2 -o "$out/$k.x86" "$root/bench/src/$k.c" -lm
  aarch64-linux-gnu-gcc -O2 -static -o "$out/$k.a64" "$root/bench/src/$k.c" -lm
done

recompiled=0
if "$root/recomp" --help 2>/dev/null | grep -qE "^ +compile +"; then
  recompiled=1
  for k in "${kernels[@]}"; do
    [ -n "$only" ] && [ "$only" != "$k" ] && continue
    "$root/recomp" compile "$out/$k.a64" -o "$out/$k.jar" >/dev/null
  done
else
  echo "bench: 'recomp compile' is not available yet; the recompiled column is left empty" >&2
fi
jdk="$(. "$root/scripts/lib/jdk.sh"; recomp_find_jdk25)"

# Prints the wall seconds of one run of the command; its output is checked against the
# expected answer so that a wrong answer never counts as a fast one.
time_one() {
  local expect="$1"; shift
  local start end got
  start=$(date +%s.%N)
  got="$("$@" 2>/dev/null)"
  end=$(date +%s.%N)
  if [ -n "$expect" ] && [ "$got" != "$expect" ]; then
    echo "bench: output differs for: $*" >&2
    echo "nan"
    return
  fi
  echo "$end - $start" | bc -l
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-11s %10s %10s %10s %12s %12s\n' kernel native_s qemu_s recomp_s recomp/native qemu/recomp
for k in "${kernels[@]}"; do
  [ -n "$only" ] && [ "$only" != "$k" ] && continue
  arg=()
  [ -n "$reps" ] && [ "$k" != hello ] && arg=("$reps")
  # The AArch64 answer is the oracle's; native x86 may round differently (e.g. no fused
  # multiply-add), so it is checked against itself.
  expect_native="$("$out/$k.x86" "${arg[@]}")"
  expect="$(qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" "${arg[@]}")"
  nat=(); emu=(); rec=()
  for ((i = 0; i < runs; i++)); do
    nat+=("$(time_one "$expect_native" "$out/$k.x86" "${arg[@]}")")
    emu+=("$(time_one "$expect" qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" "${arg[@]}")")
    if [ "$recompiled" -eq 1 ]; then
      rec+=("$(time_one "$expect" "$jdk/bin/java" -jar "$out/$k.jar" "${arg[@]}")")
    fi
  done
  n=$(median "${nat[@]}"); q=$(median "${emu[@]}")
  if [ "$recompiled" -eq 1 ]; then
    r=$(median "${rec[@]}")
    printf '%-11s %10.3f %10.3f %10.3f %12.2f %12.2f\n' "$k" "$n" "$q" "$r" \
      "$(echo "$r / $n" | bc -l)" "$(echo "$q / $r" | bc -l)"
  else
    printf '%-11s %10.3f %10.3f %10s %12s %12s\n' "$k" "$n" "$q" - - -
  fi
done
