#!/usr/bin/env bash
# Benchmarks the same programs three ways on this machine and prints median wall times and
# ratios: native x86-64 (gcc -O2), AArch64 gcc -O2 static under qemu-aarch64 -cpu cortex-a53,
# and that same AArch64 binary recompiled by recomp (`recomp compile`, run with `java -jar`).
# Runs are interleaved (native, qemu, recompiled, native, ...) so machine noise hits all
# three alike, and every run's output is checked, so a wrong answer never counts as a fast one.
#
#   bench/run.sh [--runs N] [--reps N] [--only NAME] [--no-programs]
#
# Sections: compute kernels (total time, and steady state: total minus the same program at 0
# reps, which removes start-up and set-up), their geometric means, busybox on generated
# files, and start-up (hello) with and without the JDK's AOT cache. See docs/performance.md.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$bench_root"
out="$bench_out"
runs=5
reps_override=""
only=""
programs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --reps) reps_override="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-programs) programs=0; shift ;;
    *) echo "bench: unknown argument $1 (use --runs N, --reps N, --only NAME, --no-programs)" >&2; exit 2 ;;
  esac
done
bench_require_tools
jdk="$(. "$root/scripts/lib/jdk.sh"; recomp_find_jdk25)"
java="$jdk/bin/java"

selected() { [ -z "$only" ] || [ "$only" = "$1" ]; }

build() {
  gcc -O2 -o "$out/$1.x86" "$root/bench/src/$1.c" -lm
  bench_build_guest "$1"
  "$root/recomp" compile -q "$out/$1.a64" -o "$out/$1.jar"
}

# a - b, floored at 1 ms so that a ratio stays defined; nan when either is nan.
minus() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="nan"||b=="nan") print "nan"; else { d=a-b; print (d<0.001)?0.001:d } }'; }
geomean() { printf '%s\n' "$@" | awk '$1!="nan" {s+=log($1); n++} END {if (n) printf "%.2f (%d kernels)", exp(s/n), n; else print "nan"}'; }

# Median wall time of each of three commands, interleaved, each checked against its answer.
# Usage: measure3 EXPECT_NATIVE EXPECT_AARCH64 -- native... -- qemu... -- recompiled...
measure3() {
  local expect_native="$1" expect="$2"; shift 3
  local -a native=() qemu=() rec=()
  while [ "$1" != "--" ]; do native+=("$1"); shift; done; shift
  while [ "$1" != "--" ]; do qemu+=("$1"); shift; done; shift
  rec=("$@")
  local -a tn=() tq=() tr=()
  for ((i = 0; i < runs; i++)); do
    tn+=("$(time_one "$expect_native" "${native[@]}")")
    tq+=("$(time_one "$expect" "${qemu[@]}")")
    tr+=("$(time_one "$expect" "${rec[@]}")")
  done
  echo "$(median "${tn[@]}") $(median "${tq[@]}") $(median "${tr[@]}")"
}

echo "bench: $(nproc) cores, $(uname -m), $("$java" -version 2>&1 | head -1), $(qemu-aarch64 --version | head -1), runs=$runs"
echo
echo "== compute kernels: median wall seconds; steady = total minus the same program at 0 reps"
printf '%-11s %5s %9s %9s %9s | %9s %9s %9s %13s %11s\n' kernel reps native qemu recomp \
  native qemu recomp recomp/native qemu/recomp
steady_rn=(); steady_qr=(); total_rn=(); total_qr=()
for k in "${kernels[@]}"; do
  selected "$k" || continue
  build "$k"
  reps="${reps_override:-${kernel_reps[$k]}}"
  expect_native="$("$out/$k.x86" "$reps")"
  expect="$(qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" "$reps")"
  read -r n q r < <(measure3 "$expect_native" "$expect" -- "$out/$k.x86" "$reps" \
    -- qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" "$reps" -- "$java" -jar "$out/$k.jar" "$reps")
  expect_native0="$("$out/$k.x86" 0)"
  expect0="$(qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" 0)"
  read -r n0 q0 r0 < <(measure3 "$expect_native0" "$expect0" -- "$out/$k.x86" 0 \
    -- qemu-aarch64 -cpu cortex-a53 "$out/$k.a64" 0 -- "$java" -jar "$out/$k.jar" 0)
  sn=$(minus "$n" "$n0"); sq=$(minus "$q" "$q0"); sr=$(minus "$r" "$r0")
  printf '%-11s %5s %9.3f %9.3f %9.3f | %9.3f %9.3f %9.3f %13s %11s\n' "$k" "$reps" "$n" "$q" "$r" \
    "$sn" "$sq" "$sr" "$(ratio "$sr" "$sn")" "$(ratio "$sq" "$sr")"
  steady_rn+=("$(ratio "$sr" "$sn")"); steady_qr+=("$(ratio "$sq" "$sr")")
  total_rn+=("$(ratio "$r" "$n")"); total_qr+=("$(ratio "$q" "$r")")
done
if [ ${#steady_rn[@]} -gt 0 ]; then
  echo "geometric mean, steady state: recomp/native $(geomean "${steady_rn[@]}"), qemu/recomp $(geomean "${steady_qr[@]}")"
  echo "geometric mean, total:        recomp/native $(geomean "${total_rn[@]}"), qemu/recomp $(geomean "${total_qr[@]}")"
  echo "(targets, docs/performance.md: recomp/native <= 2.0 and qemu/recomp >= 2.0)"
fi

if [ "$programs" -eq 1 ] && selected busybox; then
  echo
  echo "== busybox 1.35 (Debian busybox-static: amd64 native, arm64 under qemu and recompiled)"
  bash "$root/bench/busybox.sh" fetch
  data="$out/data"
  mkdir -p "$data"
  gcc -O2 -o "$out/gendata" "$root/bench/src/gendata.c"
  [ -s "$data/random64m" ] || "$out/gendata" bytes 67108864 > "$data/random64m"
  [ -s "$data/text64m" ] || "$out/gendata" text 67108864 > "$data/text64m"
  [ -s "$data/numbers1m" ] || "$out/gendata" numbers 1000000 > "$data/numbers1m"
  bb_native="$(bash "$root/bench/busybox.sh" native)"
  bb_arm="$(bash "$root/bench/busybox.sh" arm64)"
  "$root/recomp" compile -q "$bb_arm" -o "$out/busybox.jar"
  printf '%-28s %9s %9s %9s %13s %11s\n' program native qemu recomp recomp/native qemu/recomp
  bb() {
    local label="$1"; shift
    local expect_native expect
    expect_native="$(sh -c "$1" _ "$bb_native" | cksum)"
    expect="$(sh -c "$1" _ "qemu-aarch64 -cpu cortex-a53 $bb_arm" | cksum)"
    read -r n q r < <(measure3 "$expect_native" "$expect" \
      -- sh -c "$1 | cksum" _ "$bb_native" \
      -- sh -c "$1 | cksum" _ "qemu-aarch64 -cpu cortex-a53 $bb_arm" \
      -- sh -c "$1 | cksum" _ "$java -jar $out/busybox.jar")
    printf '%-28s %9.3f %9.3f %9.3f %13s %11s\n' "$label" "$n" "$q" "$r" "$(ratio "$r" "$n")" "$(ratio "$q" "$r")"
  }
  bb "sha256sum 64 MB" "\$1 sha256sum $data/random64m"
  bb "gzip -c 64 MB text" "\$1 gzip -c $data/text64m"
  bb "sort -n 1M lines" "\$1 sort -n $data/numbers1m"
fi

if selected hello; then
  echo
  echo "== start-up: hello, JVM start included (median wall seconds)"
  build hello
  aot="$out/hello.aot"
  "$java" -XX:AOTCacheOutput="$aot" -jar "$out/hello.jar" >/dev/null 2>&1
  read -r n q r < <(measure3 hello hello -- "$out/hello.x86" -- qemu-aarch64 -cpu cortex-a53 "$out/hello.a64" \
    -- "$java" -jar "$out/hello.jar")
  a=()
  for ((i = 0; i < runs; i++)); do a+=("$(time_one hello "$java" -XX:AOTCache="$aot" -jar "$out/hello.jar")"); done
  printf 'native %.3f  qemu %.3f  recomp %.3f  recomp with -XX:AOTCache %.3f  (target < 0.5)\n' \
    "$n" "$q" "$r" "$(median "${a[@]}")"
fi
